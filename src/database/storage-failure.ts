import { HttpStatus, ServiceUnavailableException } from '@nestjs/common';

/*
 * Failures of the database itself, as opposed to failures of a request: the disk is full,
 * the file became read-only, the server cannot be reached. Users get a clear "try again
 * later" (503 over REST, INTERNAL with the reason on a socket), operators a one-line log.
 */

const SQLITE_REASONS: [prefix: string, reason: string][] = [
  ['SQLITE_FULL', 'the disk is full'],
  ['SQLITE_READONLY', 'the database file is read-only'],
  ['SQLITE_IOERR', 'the database file cannot be written (I/O error)'],
  ['SQLITE_CANTOPEN', 'the database file cannot be opened'],
  ['SQLITE_BUSY', 'the database file is locked by another process'],
];

/** PostgreSQL SQLSTATE classes: 08 connection, 53 insufficient resources, 57P operator. */
const POSTGRES_REASONS: [prefix: string, reason: string][] = [
  ['53100', 'the database server’s disk is full'],
  ['53', 'the database server is out of resources'],
  ['57P', 'the database server is shutting down or restarting'],
  ['08', 'the database server cannot be reached'],
  ['25006', 'the database is read-only'],
];

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

/** Why the database failed, in words for a user, or undefined if it is not that kind of failure. */
export function storageFailureReason(error: unknown): string | undefined {
  const code = codeOf(error) ?? codeOf((error as { driverError?: unknown })?.driverError);
  const message = error instanceof Error ? error.message : '';
  if (code?.startsWith('SQLITE_')) return reasonFor(code, SQLITE_REASONS);
  if (code && NETWORK_CODES.has(code)) return 'the database server cannot be reached';
  if (code && /^[0-9A-Z]{5}$/.test(code)) return reasonFor(code, POSTGRES_REASONS);
  // node-postgres says so in words when a pooled connection dies or cannot be made in time.
  if (/Connection terminated|timeout exceeded when trying to connect/.test(message)) {
    return 'the database server cannot be reached';
  }
  return undefined;
}

/** 503 with `Retry-After`: nothing the client did wrong, and worth trying again shortly. */
export class StorageUnavailableException extends ServiceUnavailableException {
  readonly retryAfterSeconds = 5;

  constructor(reason: string) {
    super({
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      message: storageMessage(reason),
      error: 'Service Unavailable',
    });
  }
}

export function storageMessage(reason: string): string {
  return `The database is unavailable: ${reason}. Nothing was changed; please try again later.`;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function reasonFor(code: string, reasons: [string, string][]): string | undefined {
  return reasons.find(([prefix]) => code.startsWith(prefix))?.[1];
}
