import type { DataSource } from 'typeorm';

/** Any fixed number: the PostgreSQL advisory lock that serializes migration runs. */
const MIGRATION_LOCK_KEY = 7_246_113;

/**
 * Runs pending migrations. On PostgreSQL, instances starting together take turns under an
 * advisory lock, so the second finds the work done instead of failing on CREATE TABLE.
 */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'postgres') {
    await dataSource.runMigrations({ transaction: 'all' });
    return;
  }
  const lockHolder = dataSource.createQueryRunner();
  await lockHolder.connect();
  try {
    await lockHolder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await dataSource.runMigrations({ transaction: 'all' });
  } finally {
    await lockHolder
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    await lockHolder.release();
  }
}
