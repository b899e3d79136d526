import type { EntityManager } from 'typeorm';
import { selectArraysOnSqlite, selectOnSqlite } from './sqlite/statements';
import { sqliteTimestamp } from './sqlite/typeorm-internals';

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
 * Runs a read (no transaction needed); rows as the driver returns them. On SQLite straight
 * on the connection (see selectOnSqlite).
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
      return selectOnSqlite<Row>(manager.connection, sql, parameters);
    default:
      return manager.query<Row[]>(sql, parameters);
  }
}

/**
 * select() with each row as an array of its columns in SELECT order, for reads that answer
 * hundreds of rows: on SQLite no object is made per row (a third of such a read's time). The
 * column names must be unique: on PostgreSQL the arrays are the driver's row objects' values.
 */
export async function selectArrays(
  manager: EntityManager,
  sql: string,
  parameters: unknown[],
): Promise<unknown[][]> {
  if (manager.connection.options.type === 'better-sqlite3')
    return selectArraysOnSqlite(manager.connection, sql, parameters);
  const rows = await select<Record<string, unknown>>(manager, sql, parameters);
  return rows.map((row) => Object.values(row));
}

/** `count` placeholders for an IN (…) or VALUES list: `?, ?, ?`. */
export function placeholders(count: number): string {
  return new Array<string>(count).fill('?').join(', ');
}

/** A timestamp read by raw SQL: PostgreSQL gives a Date, SQLite TypeORM's UTC text. */
export function timestampFromRow(value: Date | string): Date {
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}

/** A timestamp as each engine stores it: a Date for PostgreSQL, TypeORM's UTC text for SQLite. */
export function timestampParameter(manager: EntityManager, date: Date): Date | string {
  return manager.connection.options.type === 'postgres' ? date : sqliteTimestamp(date);
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
