import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { POSTGRES_URL, TEST_ENGINE, withPostgres } from './test-app';

/**
 * An empty database on the engine under test, for migration tests to seed as an older
 * version left it: a schema of its own on PostgreSQL, a file in a temp folder on SQLite.
 * `table` names a table in it for hand-written SQL; `cleanUp` drops it all.
 */
export async function emptyTestDatabase(): Promise<{
  options: DataSourceOptions;
  table: (name: string) => string;
  cleanUp: () => Promise<void>;
}> {
  if (TEST_ENGINE === 'postgres') {
    const schema = `mig_${process.pid}_${Date.now().toString(36)}`;
    await withPostgres((pg) => pg.query(`CREATE SCHEMA ${schema}`));
    return {
      options: buildDataSourceOptions({ type: 'postgres', url: POSTGRES_URL, schema }),
      table: (name) => `"${schema}"."${name}"`,
      cleanUp: () => withPostgres((pg) => pg.query(`DROP SCHEMA ${schema} CASCADE`)),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'chat-migration-'));
  return {
    options: buildDataSourceOptions({ type: 'sqlite', path: join(dir, 'chat.sqlite') }),
    table: (name) => name,
    cleanUp: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  };
}
