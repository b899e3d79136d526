import type { DataSourceOptions } from 'typeorm';
import { prepareSqliteLocation } from './location';

type SqliteDataSourceOptions = Extract<DataSourceOptions, { type: 'better-sqlite3' }>;

/** TypeORM's options for the SQLite file at `path` (or ':memory:'), its folder checked. */
export function sqliteDataSourceOptions(path: string): SqliteDataSourceOptions {
  prepareSqliteLocation(path);
  return {
    type: 'better-sqlite3',
    database: path,
    enableWAL: true,
    timeout: 5000,
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma('foreign_keys = ON');
      // In WAL mode, NORMAL survives a crash of this process (the case that matters for an
      // acknowledged message); only an OS crash or power cut can lose the newest commits.
      db.pragma('synchronous = NORMAL');
      // A deleted message's body must be gone from the file, not left in a page's free space
      // or on the freelist (issue #15). Only deletions and shrinking updates pay, in memory.
      db.pragma('secure_delete = ON');
    },
  };
}
