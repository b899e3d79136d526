import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { sqliteDataSourceOptions } from './sqlite/connection-options';

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
    // A migration in a transaction of its own, unless it declares `transaction = false`.
    migrationsTransactionMode: 'each',
    synchronize: false,
  } as const;

  if (database.type === 'postgres') {
    return {
      ...common,
      type: 'postgres',
      url: database.url,
      schema: database.schema,
      extra: { max: 20, connectionTimeoutMillis: 5000 },
    };
  }

  return { ...common, ...sqliteDataSourceOptions(database.path) };
}
