import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import { SqliteCheckpointer } from './checkpointer';
import { sqliteConnection } from './typeorm-internals';

const MB = 1024 * 1024;

/** A real SQLite file written without pause, as the server's connection writes it under load. */
describe('SqliteCheckpointer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'checkpointer-'));
  const path = join(dir, 'chat.sqlite');
  const dataSource = new DataSource({ type: 'better-sqlite3', database: path, enableWAL: true });
  const checkpointer = new SqliteCheckpointer(dataSource, {
    database: { type: 'sqlite', path },
  } as AppConfig);

  beforeAll(async () => {
    await dataSource.initialize();
    sqliteConnection(dataSource).exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)');
    checkpointer.onModuleInit();
  });

  afterAll(async () => {
    await checkpointer.onModuleDestroy();
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const oneMegabyte = Buffer.alloc(MB, 7);

  /** Commits `count` rows of 1 MB, one a transaction, pausing `pauseMs` after each. */
  async function write(count: number, pauseMs: number): Promise<void> {
    const db = sqliteConnection(dataSource);
    const insert = db.prepare('INSERT INTO blobs (data) VALUES (?)');
    for (let i = 0; i < count; i++) {
      db.transaction(() => insert.run(oneMegabyte)).immediate();
      if (pauseMs > 0) await sleep(pauseMs);
    }
  }

  const logSize = () => statSync(`${path}-wal`).size;
  const rows = () =>
    sqliteConnection(dataSource).prepare('SELECT count(*) FROM blobs').pluck().get();

  it('copies committed pages into the database file from its own thread', async () => {
    // 5 MB: far below the server connection's own checkpoint threshold (64 MiB).
    await write(5, 0);

    const deadline = Date.now() + 10_000;
    while (statSync(path).size < 5 * MB && Date.now() < deadline) await sleep(50);
    expect(statSync(path).size).toBeGreaterThanOrEqual(5 * MB);
  }, 15_000);

  it('keeps the write-ahead log bounded while writes never stop', async () => {
    // About 100 MB/s, one commit every 10 ms: no checkpoint ever finds the log caught up.
    await write(200, 10);

    // Left alone the log held everything written (200 MB); now it starts over at 16 MiB.
    expect(logSize()).toBeLessThan(96 * MB);
    expect(rows()).toBe(205);
  }, 30_000);

  it('keeps it bounded even when the checkpoint thread falls behind', async () => {
    await checkpointer.onModuleDestroy(); // as far behind as it can fall: gone

    await write(200, 0);

    // The server's connection checkpoints itself once the log holds 64 MiB.
    expect(logSize()).toBeLessThan(96 * MB);
    expect(rows()).toBe(405);
  }, 30_000);
});
