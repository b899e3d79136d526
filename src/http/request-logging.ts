import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { HttpLogger, pinoHttp } from 'pino-http';

/**
 * One line per HTTP request, on the process's logger.
 *
 * pino-http is used directly rather than through nestjs-pino's middleware, which also binds
 * each request to an AsyncLocalStorage. On Node 20 that turns on promise hooks for every
 * promise in the process, socket traffic included: measured, a tenth of the server's CPU per
 * message. A request's id is on its own line, which carries its error too (see `logFailure`).
 */
export function requestLogging(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && given.length <= 128 ? given : randomUUID();
    },
    // Only what identifies a request: headers (tokens, cookies) and bodies (passwords)
    // never reach the logs.
    serializers: {
      req: (request: { id: string; method: string; url: string }) => ({
        id: request.id,
        method: request.method,
        url: request.url,
      }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
    customLogLevel: (_request, response, error) =>
      error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
  });
}

/** Puts an unexpected error on its request's log line (with the request's id), as pino-http reads it. */
export function logFailure(response: ServerResponse, error: unknown): void {
  response.err = error instanceof Error ? error : new Error(String(error));
}
