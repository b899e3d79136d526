import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { createApp } from '../../src/http/configure-app';
import { AppConfig, loadConfig } from '../../src/config/app-config';

/** Which engine the e2e suites run on: SQLite unless TEST_DATABASE=postgres. */
export const TEST_ENGINE = process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
export const POSTGRES_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  /** http://127.0.0.1:<random port> */
  url: string;
  close(): Promise<void>;
}

/**
 * Boots the real application (main.ts's createApp) on a random port, on a fresh database:
 * a temp SQLite file, or a new PostgreSQL schema dropped afterwards.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await freshDatabase();
  const config = loadConfig({ NODE_ENV: 'test', ...database.env, ...env });
  // The app as main.ts builds it, not Test.createTestingModule: that compiles before the HTTP
  // adapter exists, and app-level middleware (helmet, the web app) would be missing.
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  return {
    app,
    config,
    url: await app.getUrl(),
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

interface FreshDatabase {
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function freshDatabase(): Promise<FreshDatabase> {
  if (TEST_ENGINE === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'chat-e2e-'));
    return {
      env: { DATABASE_PATH: join(dir, 'chat.sqlite') },
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  // Uploaded files go beside the SQLite file; with PostgreSQL, into a temp folder of their own.
  const filesDir = mkdtempSync(join(tmpdir(), 'chat-e2e-files-'));
  const schema = `e2e_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  await withPostgres((client) => client.query(`CREATE SCHEMA ${schema}`));
  return {
    env: { DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema, FILES_DIR: filesDir },
    drop: async () => {
      await withPostgres((client) => client.query(`DROP SCHEMA ${schema} CASCADE`));
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

/** Runs statements on the test PostgreSQL server with a connection of their own. */
export async function withPostgres(work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
