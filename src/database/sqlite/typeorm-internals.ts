import type { Database } from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils';

/*
 * The one place that reaches past TypeORM's public API, for SQLite's hot paths. Its spec fails
 * if an upgrade moves either of these.
 */

/**
 * The better-sqlite3 handle under TypeORM's SQLite driver (one connection per process):
 * `databaseConnection`, which TypeORM's Driver interface does not declare.
 */
export function sqliteConnection(dataSource: DataSource): Database {
  return (dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
}

/**
 * A datetime as TypeORM stores it on SQLite, UTC text ('2026-11-25 16:13:29.123'), for
 * statements written by hand: its DateUtils, imported from a path TypeORM does not export.
 */
export function sqliteTimestamp(date: Date): string {
  return DateUtils.mixedDateToUtcDatetimeString(date) as string;
}
