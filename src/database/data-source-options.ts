import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { prepareSqliteLocation } from './sqlite-location';

/**
 * The one description of the database, shared by the Nest TypeORM module and the TypeORM CLI
 * (ormconfig.ts), so the two cannot disagree.
 */
export function buildDataSourceOptions(database: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    // Run at start-up by runMigrationsExclusively(), which serializes instances on PostgreSQL.
    migrationsRun: false,
    synchronize: false,
  } as const;

  if (database.type === 'postgres') {
    return {
      ...common,
      type: 'postgres',
      url: database.url,
      schema: database.schema,
      migrationsTransactionMode: 'all',
      extra: { max: 20, connectionTimeoutMillis: 5000 },
    };
  }

  if (database.path !== ':memory:') prepareSqliteLocation(database.path);
  return {
    ...common,
    type: 'better-sqlite3',
    database: database.path,
    enableWAL: true,
    timeout: 5000,
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma('foreign_keys = ON');
      // In WAL mode, NORMAL survives a crash of this process (the case that matters for an
      // acknowledged message); only an OS crash or power cut can lose the newest commits.
      db.pragma('synchronous = NORMAL');
    },
  };
}
