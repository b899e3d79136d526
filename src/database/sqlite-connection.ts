import type { Database } from 'better-sqlite3';
import type { DataSource } from 'typeorm';

/** The better-sqlite3 handle under TypeORM's SQLite driver (one connection per process). */
export function sqliteConnection(dataSource: DataSource): Database {
  return (dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
}
