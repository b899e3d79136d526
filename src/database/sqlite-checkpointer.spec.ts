import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { SqliteCheckpointer } from './sqlite-checkpointer';
import { sqliteConnection } from './sqlite-connection';

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

  it('keeps the write-ahead log bounded while writes never stop', async () => {
    const db = sqliteConnection(dataSource);
    const insert = db.prepare('INSERT INTO blobs (data) VALUES (?)');
    const oneMegabyte = Buffer.alloc(MB, 7);
    const written = 200;
    // About 100 MB/s, one commit every 10 ms: no checkpoint ever finds the log caught up.
    for (let i = 0; i < written; i++) {
      db.transaction(() => insert.run(oneMegabyte)).immediate();
      await sleep(10);
    }

    // Left alone the log held everything written (200 MB); now it starts over at 16 MiB.
    expect(statSync(`${path}-wal`).size).toBeLessThan(96 * MB);
    expect(db.prepare('SELECT count(*) FROM blobs').pluck().get()).toBe(written);
  }, 30_000);
});
