import type { DataSource } from 'typeorm';

/** Any fixed number: the PostgreSQL advisory lock that serializes migration runs. */
const MIGRATION_LOCK_KEY = 7_246_113;
/** How often an instance that waits for another's migrations asks for the lock again. */
const LOCK_POLL_MS = 500;

/**
 * Runs pending migrations, each in its own transaction unless it declares `transaction =
 * false` (the search migration indexes in batches and builds its index concurrently). On
 * PostgreSQL, instances starting together take turns under an advisory lock, so the second
 * finds the work done instead of failing on CREATE TABLE. The waiting one polls rather than
 * blocks: a session blocked in pg_advisory_lock() holds a snapshot, and CREATE INDEX
 * CONCURRENTLY in the lock holder's migration would wait for that snapshot to end.
 */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'postgres') {
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  const lockHolder = dataSource.createQueryRunner();
  await lockHolder.connect();
  try {
    for (;;) {
      const [{ locked }] = (await lockHolder.query('SELECT pg_try_advisory_lock($1) AS locked', [
        MIGRATION_LOCK_KEY,
      ])) as { locked: boolean }[];
      if (locked) break;
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lockHolder
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    await lockHolder.release();
  }
}
