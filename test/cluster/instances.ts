import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Redis from 'ioredis';
import { POSTGRES_URL, withPostgres } from '../helpers/test-app';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'main.js');
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Instance {
  url: string;
  port: number;
  exited: Promise<Exit>;
  /** Sends a signal and waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
  output(): string;
}

/**
 * What several instances share: a fresh PostgreSQL schema, a Redis key prefix of its own,
 * and one JWT secret. Dropped (schema) and deleted (keys) by `destroy()`.
 */
export class Cluster {
  readonly instances: Instance[] = [];
  readonly schema = `cluster_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  private readonly keyPrefix = `test-${this.schema}:`;
  private readonly secret = randomBytes(32).toString('hex');

  constructor(private readonly extraEnv: Record<string, string> = {}) {}

  /**
   * The schema and `count` instances on it, started together on purpose: their migrations
   * must take turns, as when a deployment starts several at once.
   */
  async createAndStart(count: number): Promise<Instance[]> {
    await this.create();
    return Promise.all(Array.from({ length: count }, () => this.start()));
  }

  async create(): Promise<void> {
    await withPostgres((client) => client.query(`CREATE SCHEMA ${this.schema}`));
  }

  /** Starts one more instance (on `port`, if given) and waits until it is healthy. */
  async start(env: Record<string, string> = {}, port?: number): Promise<Instance> {
    const instance = await startServer(
      {
        DATABASE_URL: POSTGRES_URL,
        DATABASE_SCHEMA: this.schema,
        REDIS_URL,
        REDIS_KEY_PREFIX: this.keyPrefix,
        JWT_SECRET: this.secret,
        INSTANCE_TIMEOUT_MS: '3000',
        ...this.extraEnv,
        ...env,
      },
      port,
    );
    this.instances.push(instance);
    return instance;
  }

  async destroy(): Promise<void> {
    await Promise.all(this.instances.map((instance) => instance.stop('SIGKILL')));
    await withPostgres((client) => client.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`));
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${this.keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
}

/**
 * Starts the built server (production mode, limits on sends raised for load) with `env` on
 * top, on `port` if given (a restart takes its predecessor's place), and waits until its
 * health check passes. Without DATABASE_URL it runs on SQLite at DATABASE_PATH.
 */
export async function startServer(env: Record<string, string>, port?: number): Promise<Instance> {
  const instance = spawnServer(env, port ?? (await freePort()));
  try {
    await waitForHealth(instance);
  } catch (error) {
    await instance.stop('SIGKILL');
    throw error;
  }
  return instance;
}

/** Starts the built server without waiting for it: for tests of how it refuses to start. */
export function spawnServer(env: Record<string, string>, port: number): Instance {
  if (!existsSync(MAIN)) throw new Error('No server build: run `npm run build:server` first');
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      MESSAGE_RATE_BURST: '100000',
      MESSAGE_RATE_PER_MINUTE: '100000',
      REGISTER_RATE_PER_HOUR: '100000',
      ROOM_CREATE_RATE_PER_HOUR: '100000',
      ROOM_JOIN_RATE_PER_MINUTE: '100000000',
      PROFILE_CHANGE_RATE_PER_HOUR: '100000',
      SOCKETS_PER_USER_MAX: '100000',
      HISTORY_RATE_PER_10S: '100000000',
      SEARCH_RATE_PER_10S: '100000000',
      READ_RATE_PER_10S: '100000',
      FILES_UPLOAD_RATE_PER_MINUTE: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return wrap(child, port);
}

function wrap(child: ChildProcess, port: number): Instance {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    exited,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

async function waitForHealth(instance: Instance): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${instance.url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`instance at ${instance.url} did not become healthy:\n${instance.output()}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
