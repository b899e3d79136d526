import { createHmac, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Inject } from '@nestjs/common';
import { getConfigToken } from '@nestjs/config';

/** The whole runtime configuration, validated once at boot and frozen. */
export interface AppConfig {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  /** Interface to listen on (HOST); unset = every interface. */
  readonly host?: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly database: DatabaseConfig;
  readonly auth: AuthConfig;
  readonly rateLimits: RateLimitConfig;
  readonly realtime: RealtimeConfig;
  /** Express's `trust proxy`: which hops' X-Forwarded-For to believe for the client address. */
  readonly trustProxy: TrustProxy;
  readonly files: FilesConfig;
  /** Set when several instances share one Redis (REDIS_URL); absent for a single process. */
  readonly redis?: RedisConfig;
}

export interface RedisConfig {
  readonly url: string;
  /** Prepended to every key and stream, so several deployments (or test runs) can share a Redis. */
  readonly keyPrefix: string;
  /** An instance that has not been heard from for this long is taken for dead. */
  readonly instanceTimeoutMs: number;
}

export type DatabaseConfig =
  | { readonly type: 'sqlite'; readonly path: string }
  | { readonly type: 'postgres'; readonly url: string; readonly schema?: string };

export interface AuthConfig {
  readonly jwtSecret: string;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
}

/**
 * `false` (the client address is the socket's peer), `true` (believe every hop: only behind a
 * proxy that overwrites X-Forwarded-For), a number of proxy hops, or the proxies' addresses,
 * subnets or Express's names for them (`loopback`, `linklocal`, `uniquelocal`).
 */
export type TrustProxy = boolean | number | readonly string[];

export interface RateLimitConfig {
  /** Failed logins allowed per account from one client address within the window. */
  readonly loginFailures: number;
  /** Failed logins allowed per account from all addresses together (a distributed attack). */
  readonly loginFailuresPerAccount: number;
  /** Failed logins allowed per client address; past it, it gets one try per account. */
  readonly loginFailuresPerAddress: number;
  readonly loginWindowSeconds: number;
  /** Registrations (attempts that pass validation) allowed per client address within an hour. */
  readonly registrationsPerHour: number;
  /** Rooms (public, private or direct) one user may create within an hour. */
  readonly roomCreationsPerHour: number;
  /** room:join events one user may send within a minute (every join counts, repeats too). */
  readonly roomJoinsPerMinute: number;
  /**
   * Profile changes (display name, email, avatar, password, ending sessions) one user may
   * make within an hour: each display-name or avatar change is announced to everyone sharing
   * a room with them.
   */
  readonly profileChangesPerHour: number;
  /** Messages a user may send within any 10 seconds, and within any minute. */
  readonly messageBurst: number;
  readonly messagesPerMinute: number;
  /** Searches (a costly read) one user may run within any 10 seconds. */
  readonly searchesPer10s: number;
  /** History messages (REST pages, join catch-up) one user may read within any 10 seconds. */
  readonly historyMessagesPer10s: number;
  /** Read-marker moves (room:read, POST …/read) one user may make within any 10 seconds. */
  readonly readMarksPer10s: number;
}

export interface RealtimeConfig {
  /** Largest Socket.IO frame accepted; a bigger one closes that connection (Socket.IO's rule). */
  readonly maxPayloadBytes: number;
  /** How long a connection may take to authenticate before it is closed. */
  readonly handshakeTimeoutMs: number;
  /** Rooms one socket may be in at once: enough for a client that joins every room it is in. */
  readonly maxRoomsPerSocket: number;
  /** Connections one user may hold open on one instance. */
  readonly maxSocketsPerUser: number;
  /** `typing` events one user may send within any 10 seconds. */
  readonly typingBurst: number;
  /**
   * Presence changes of a room within this window after its first go out as one event
   * (PRESENCE_COALESCE_MS; 0 sends each at once). The contract allows up to 250 ms.
   */
  readonly presenceCoalesceMs: number;
}

export interface FilesConfig {
  /** Largest upload accepted (FILES_MAX_BYTES); a larger one is refused with 413 mid-stream. */
  readonly maxBytes: number;
  /** Bytes of files one user may keep stored at once (FILES_QUOTA_BYTES). */
  readonly quotaBytes: number;
  /** Uploads one user may start within any minute (FILES_UPLOAD_RATE_PER_MINUTE). */
  readonly uploadsPerMinute: number;
  /** Key of the HMAC that signs file URLs: FILES_URL_SECRET, else derived from JWT_SECRET. */
  readonly urlSecret: string;
  readonly storage: FileStorageConfig;
}

/** A folder (the default, beside the SQLite file), or an S3-compatible bucket (S3_BUCKET set). */
export type FileStorageConfig =
  | { readonly type: 'local'; readonly dir: string }
  | {
      readonly type: 's3';
      readonly bucket: string;
      readonly region: string;
      /** For S3-compatible services (MinIO, …): addressed path-style. Absent for AWS itself. */
      readonly endpoint?: string;
      /** Absent: the SDK's default credential chain (environment, instance role, …). */
      readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
    };

/** The token under which `ConfigModule` holds the AppConfig; see {@link InjectAppConfig}. */
export const APP_CONFIG = getConfigToken('app');
export const InjectAppConfig = () => Inject(APP_CONFIG);

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

type Env = Record<string, string | undefined>;

const DEFAULT_DATABASE_PATH = './data/chat.sqlite';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Reads and validates the environment. Every problem is collected, so an operator fixes
 * them in one pass; each names the variable it is about.
 */
export function loadConfig(env: Env): AppConfig {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const nodeEnv = read.oneOf('NODE_ENV', ['development', 'production', 'test'], 'development');
  const port = read.integer('PORT', 3000, { min: 0, max: 65535 });
  const host = env.HOST?.trim() || undefined;
  const logLevel = read.oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info');
  const database = readDatabase(read, env, problems);

  const accessTokenTtlSeconds = read.integer('ACCESS_TOKEN_TTL_SECONDS', 15 * 60, { min: 10 });
  const refreshTokenTtlSeconds = read.integer('REFRESH_TOKEN_TTL_SECONDS', 30 * 24 * 3600, {
    min: 60,
  });
  const rateLimits: RateLimitConfig = {
    loginFailures: read.integer('LOGIN_MAX_FAILURES', 5, { min: 1 }),
    loginFailuresPerAccount: read.integer('LOGIN_MAX_FAILURES_PER_ACCOUNT', 50, { min: 1 }),
    loginFailuresPerAddress: read.integer('LOGIN_MAX_FAILURES_PER_IP', 20, { min: 1 }),
    loginWindowSeconds: read.integer('LOGIN_FAILURE_WINDOW_SECONDS', 15 * 60, { min: 1 }),
    registrationsPerHour: read.integer('REGISTER_RATE_PER_HOUR', 1000, { min: 1 }),
    roomCreationsPerHour: read.integer('ROOM_CREATE_RATE_PER_HOUR', 100, { min: 1 }),
    roomJoinsPerMinute: read.integer('ROOM_JOIN_RATE_PER_MINUTE', 3000, { min: 1 }),
    profileChangesPerHour: read.integer('PROFILE_CHANGE_RATE_PER_HOUR', 120, { min: 1 }),
    messageBurst: read.integer('MESSAGE_RATE_BURST', 10, { min: 1 }),
    messagesPerMinute: read.integer('MESSAGE_RATE_PER_MINUTE', 60, { min: 1 }),
    historyMessagesPer10s: read.integer('HISTORY_RATE_PER_10S', 20_000, { min: 100 }),
    searchesPer10s: read.integer('SEARCH_RATE_PER_10S', 100, { min: 1 }),
    readMarksPer10s: read.integer('READ_RATE_PER_10S', 50, { min: 1 }),
  };

  const realtime: RealtimeConfig = {
    maxPayloadBytes: read.integer('SOCKET_MAX_PAYLOAD_BYTES', 64 * 1024, { min: 1024 }),
    handshakeTimeoutMs: read.integer('SOCKET_HANDSHAKE_TIMEOUT_MS', 10_000, { min: 100 }),
    maxRoomsPerSocket: read.integer('SOCKET_MAX_ROOMS', 1000, { min: 1 }),
    maxSocketsPerUser: read.integer('SOCKETS_PER_USER_MAX', 20, { min: 1 }),
    typingBurst: read.integer('TYPING_RATE_BURST', 20, { min: 1 }),
    presenceCoalesceMs: read.integer('PRESENCE_COALESCE_MS', 100, { min: 0, max: 250 }),
  };

  const trustProxy = readTrustProxy(env, problems);
  const redis = readRedis(read, env, problems);

  const jwtSecret = readJwtSecret(env, nodeEnv, database, problems);
  const files = readFiles(read, env, database, jwtSecret, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze({
    env: nodeEnv,
    port,
    logLevel,
    database,
    auth: { jwtSecret, accessTokenTtlSeconds, refreshTokenTtlSeconds },
    rateLimits,
    realtime,
    trustProxy,
    files,
    ...(host && { host }),
    ...(redis && { redis }),
  });
}

function readDatabase(read: EnvReader, env: Env, problems: string[]): DatabaseConfig {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
    }
    const schema = env.DATABASE_SCHEMA?.trim() || undefined;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
      problems.push('DATABASE_SCHEMA must be a lower-case SQL identifier');
    }
    return { type: 'postgres', url, schema };
  }
  return { type: 'sqlite', path: read.string('DATABASE_PATH', DEFAULT_DATABASE_PATH) };
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** Parsed here, not by Express at the first request, so a typo stops the boot with its name. */
function readTrustProxy(env: Env, problems: string[]): TrustProxy {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((entry) => entry.trim());
  const invalid = entries.filter(
    (entry) => !PROXY_NAMES.includes(entry) && !isAddressOrSubnet(entry),
  );
  if (invalid.length > 0) {
    problems.push(
      `TRUST_PROXY must be true, false, a number of hops, or a comma-separated list of addresses, subnets, ${PROXY_NAMES.join(', ')}; got "${invalid.join(', ')}"`,
    );
    return false;
  }
  return entries;
}

function isAddressOrSubnet(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d+$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

function readRedis(read: EnvReader, env: Env, problems: string[]): RedisConfig | undefined {
  const url = env.REDIS_URL?.trim();
  if (!url) return undefined;
  if (!/^rediss?:\/\//.test(url)) problems.push('REDIS_URL must be a redis:// or rediss:// URL');
  return {
    url,
    keyPrefix: read.string('REDIS_KEY_PREFIX', 'chat:'),
    instanceTimeoutMs: read.integer('INSTANCE_TIMEOUT_MS', 15_000, { min: 1000 }),
  };
}

const MIB = 1024 * 1024;

function readFiles(
  read: EnvReader,
  env: Env,
  database: DatabaseConfig,
  jwtSecret: string,
  problems: string[],
): FilesConfig {
  const givenSecret = env.FILES_URL_SECRET;
  if (givenSecret && givenSecret.length < 32) {
    problems.push('FILES_URL_SECRET must be at least 32 characters long');
  }
  return {
    // The size column is a 32-bit integer.
    maxBytes: read.integer('FILES_MAX_BYTES', 25 * MIB, { min: 1, max: 2 ** 31 - 1 }),
    quotaBytes: read.integer('FILES_QUOTA_BYTES', 1024 * MIB, { min: 1 }),
    uploadsPerMinute: read.integer('FILES_UPLOAD_RATE_PER_MINUTE', 60, { min: 1 }),
    // A key of its own, so that a leaked URL signature says nothing about the token key.
    urlSecret:
      givenSecret ||
      createHmac('sha256', jwtSecret).update('chat file URL signing v1').digest('hex'),
    storage: readFileStorage(read, env, database, problems),
  };
}

function readFileStorage(
  read: EnvReader,
  env: Env,
  database: DatabaseConfig,
  problems: string[],
): FileStorageConfig {
  const bucket = env.S3_BUCKET?.trim();
  if (!bucket) {
    // Beside the SQLite file, so that one folder holds all of a single machine's data.
    const beside =
      database.type === 'sqlite' && database.path !== ':memory:'
        ? join(dirname(resolve(database.path)), 'files')
        : resolve(dirname(DEFAULT_DATABASE_PATH), 'files');
    return { type: 'local', dir: resolve(read.string('FILES_DIR', beside)) };
  }
  const endpoint = env.S3_ENDPOINT?.trim() || undefined;
  if (endpoint !== undefined && !/^https?:\/\//.test(endpoint)) {
    problems.push('S3_ENDPOINT must be an http:// or https:// URL');
  }
  const accessKeyId = env.S3_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY?.trim();
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together');
  }
  return {
    type: 's3',
    bucket,
    region: read.string('S3_REGION', 'us-east-1'),
    ...(endpoint && { endpoint }),
    ...(accessKeyId && secretAccessKey && { credentials: { accessKeyId, secretAccessKey } }),
  };
}

/**
 * Production must be given a secret. In development one is generated once and kept beside
 * the SQLite file, so restarting the server does not log everybody out.
 */
function readJwtSecret(
  env: Env,
  nodeEnv: AppConfig['env'],
  database: DatabaseConfig,
  problems: string[],
): string {
  const given = env.JWT_SECRET;
  if (given !== undefined && given !== '') {
    if (given.length < 32) problems.push('JWT_SECRET must be at least 32 characters long');
    return given;
  }
  if (nodeEnv === 'production') {
    problems.push('JWT_SECRET is required when NODE_ENV=production');
    return '';
  }
  if (nodeEnv === 'test' || database.type !== 'sqlite' || database.path === ':memory:') {
    return randomBytes(32).toString('hex');
  }
  return readOrCreateSecretFile(join(dirname(resolve(database.path)), 'jwt-secret'));
}

function readOrCreateSecretFile(path: string): string {
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dirname(path), { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(path, secret, { mode: 0o600 });
  return secret;
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  string(name: string, fallback: string): string {
    const raw = this.env[name];
    return raw === undefined || raw === '' ? fallback : raw;
  }

  integer(name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
    const value = this.number(name, fallback, range);
    if (!Number.isInteger(value)) this.problems.push(`${name} must be an integer`);
    return value;
  }

  number(name: string, fallback: number, { min, max }: { min?: number; max?: number }): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value)) {
      this.problems.push(`${name} must be a number, got "${raw}"`);
      return fallback;
    }
    if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
      this.problems.push(`${name} must be between ${min ?? '-∞'} and ${max ?? '∞'}, got ${raw}`);
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return fallback;
  }
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child !== null && typeof child === 'object') deepFreeze(child as object);
  }
  return Object.freeze(value);
}
