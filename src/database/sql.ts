import type { Database, Statement } from 'better-sqlite3';
import type { EntityManager } from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils';
import { sqliteConnection } from './sqlite-connection';

/**
 * Hand-written SQL for the hottest statements, where TypeORM's query builder costs more
 * than the database. Written with `?` placeholders; PostgreSQL gets `$1, $2, …`.
 */
export async function execute<Row = Record<string, unknown>>(
  manager: EntityManager,
  sql: string,
  parameters: unknown[],
): Promise<Row[]> {
  const isPostgres = manager.connection.options.type === 'postgres';
  const text = isPostgres ? numberPlaceholders(sql) : sql;
  const runner = manager.queryRunner;
  if (!runner) throw new Error('execute() needs a transaction (manager.queryRunner)');
  const result = await runner.query(text, parameters, true);
  return (result.records ?? []) as Row[];
}

/**
 * Runs a read (no transaction needed); rows as the driver returns them. On SQLite the
 * statement is prepared once and run on the connection directly: TypeORM's query() makes a
 * query runner and broadcasts events around every call, which cost more than the read.
 */
export async function select<Row = Record<string, unknown>>(
  manager: EntityManager,
  sql: string,
  parameters: unknown[],
): Promise<Row[]> {
  switch (manager.connection.options.type) {
    case 'postgres':
      return manager.query<Row[]>(numberPlaceholders(sql), parameters);
    case 'better-sqlite3':
      return preparedStatement(sqliteConnection(manager.connection), sql).all(parameters) as Row[];
    default:
      return manager.query<Row[]>(sql, parameters);
  }
}

/** Statements by SQL text, per connection: the hot statements are a handful of fixed texts. */
const statements = new WeakMap<Database, Map<string, Statement>>();

/** A better-sqlite3 statement for `sql`, prepared on first use and kept for the connection. */
export function preparedStatement<Parameters extends unknown[] = unknown[], Row = unknown>(
  db: Database,
  sql: string,
): Statement<Parameters, Row> {
  let bySql = statements.get(db);
  if (!bySql) statements.set(db, (bySql = new Map<string, Statement>()));
  let statement = bySql.get(sql);
  if (!statement) bySql.set(sql, (statement = db.prepare(sql)));
  return statement as Statement<Parameters, Row>;
}

/** A timestamp read by raw SQL: PostgreSQL gives a Date, SQLite TypeORM's UTC text. */
export function timestampFromRow(value: Date | string): Date {
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}

/** A timestamp as each engine stores it: a Date for PostgreSQL, TypeORM's UTC text for SQLite. */
export function timestampParameter(manager: EntityManager, date: Date): Date | string {
  return manager.connection.options.type === 'postgres' ? date : sqliteTimestamp(date);
}

/** TypeORM's UTC text for a datetime on SQLite ('2026-11-25 16:13:29.123'). */
export function sqliteTimestamp(date: Date): string {
  return DateUtils.mixedDateToUtcDatetimeString(date) as string;
}

const numbered = new Map<string, string>();

function numberPlaceholders(sql: string): string {
  let text = numbered.get(sql);
  if (text === undefined) {
    let index = 0;
    text = sql.replace(/\?/g, () => `$${++index}`);
    numbered.set(sql, text);
  }
  return text;
}
