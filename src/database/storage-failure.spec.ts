import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { QueryFailedError } from 'typeorm';
import { storageFailureReason } from './storage-failure';

/** Real errors from the real drivers, as TypeORM hands them on. */
describe('storageFailureReason', () => {
  const dir = mkdtempSync(join(tmpdir(), 'storage-failure-'));
  const file = join(dir, 'db.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function sqliteError(work: (db: Database.Database) => void, options = {}): unknown {
    const db = new Database(file, options);
    try {
      work(db);
    } catch (error) {
      return new QueryFailedError('INSERT …', [], error as Error);
    } finally {
      db.close();
    }
    throw new Error('expected the statement to fail');
  }

  beforeAll(() => {
    const db = new Database(file);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
    db.exec('INSERT INTO t (id) VALUES (1)');
    db.close();
  });

  it('names a read-only SQLite file', () => {
    const error = sqliteError((db) => db.exec('INSERT INTO t (id) VALUES (2)'), { readonly: true });
    expect(storageFailureReason(error)).toBe('the database file is read-only');
  });

  it('leaves a request’s own failure (a unique violation) alone', () => {
    const error = sqliteError((db) => db.exec('INSERT INTO t (id) VALUES (1)'));
    expect(storageFailureReason(error)).toBeUndefined();
    expect(storageFailureReason(new Error('boom'))).toBeUndefined();
  });

  it('names a PostgreSQL server that cannot be reached', async () => {
    const client = new Client({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
    const error = await client.connect().catch((e: unknown) => e);
    expect(storageFailureReason(error)).toBe('the database server cannot be reached');
  });
});
