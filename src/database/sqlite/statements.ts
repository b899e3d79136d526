import type { Database, Statement } from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { sqliteConnection } from './typeorm-internals';

/** A prepared statement, as code outside this folder uses it. */
export interface SqliteStatement<Parameters extends unknown[] = unknown[], Row = unknown> {
  get(...parameters: Parameters): Row | undefined;
  all(...parameters: Parameters): Row[];
  run(...parameters: Parameters): unknown;
}

/**
 * The connection as a synchronous write transaction sees it: statements by SQL text,
 * prepared on first use and kept for the connection (the hot statements are a handful of
 * fixed texts).
 */
export interface SqliteSession {
  statement<Parameters extends unknown[] = unknown[], Row = unknown>(
    sql: string,
  ): SqliteStatement<Parameters, Row>;
  /** The same, answering each row's first column instead of an object per row. */
  valueStatement<Parameters extends unknown[] = unknown[], Value = unknown>(
    sql: string,
  ): SqliteStatement<Parameters, Value>;
}

/** How a cached statement answers: an object per row, a row's first column, or an array per row. */
type Shape = 'rows' | 'values' | 'arrays';

class PreparedStatements implements SqliteSession {
  private readonly prepared: Record<Shape, Map<string, Statement>> = {
    rows: new Map(),
    values: new Map(),
    arrays: new Map(),
  };

  constructor(private readonly db: Database) {}

  statement<Parameters extends unknown[], Row>(sql: string): SqliteStatement<Parameters, Row> {
    return this.cached(sql, 'rows') as Statement<Parameters, Row>;
  }

  valueStatement<Parameters extends unknown[], Value>(
    sql: string,
  ): SqliteStatement<Parameters, Value> {
    return this.cached(sql, 'values') as Statement<Parameters, Value>;
  }

  /** The same, answering each row as an array of its columns in SELECT order. */
  arrayStatement<Parameters extends unknown[]>(
    sql: string,
  ): SqliteStatement<Parameters, unknown[]> {
    return this.cached(sql, 'arrays') as Statement<Parameters, unknown[]>;
  }

  private cached(sql: string, shape: Shape): Statement {
    const cache = this.prepared[shape];
    let statement = cache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (shape === 'values') statement.pluck();
      if (shape === 'arrays') statement.raw(true);
      cache.set(sql, statement);
    }
    return statement;
  }
}

const sessions = new WeakMap<Database, PreparedStatements>();

function sessionOf(db: Database): PreparedStatements {
  let session = sessions.get(db);
  if (!session) sessions.set(db, (session = new PreparedStatements(db)));
  return session;
}

/**
 * A read on the connection directly, its statement prepared once: TypeORM's query() makes a
 * query runner and broadcasts events around every call, which cost more than the read.
 */
export function selectOnSqlite<Row>(
  dataSource: DataSource,
  sql: string,
  parameters: unknown[],
): Row[] {
  return sessionOf(sqliteConnection(dataSource)).statement<[unknown[]], Row>(sql).all(parameters);
}

/** selectOnSqlite with each row as an array of its columns: no object (and no named property) per row. */
export function selectArraysOnSqlite(
  dataSource: DataSource,
  sql: string,
  parameters: unknown[],
): unknown[][] {
  return sessionOf(sqliteConnection(dataSource)).arrayStatement<[unknown[]]>(sql).all(parameters);
}

/**
 * Runs `work` as one synchronous transaction (BEGIN IMMEDIATE) on the connection. For the
 * hottest write, where TypeORM's per-statement machinery cost more than SQLite itself;
 * `work` must not await anything. The caller serializes it with every other write.
 */
export function inSqliteTransaction<T>(
  dataSource: DataSource,
  work: (session: SqliteSession) => T,
): T {
  const db = sqliteConnection(dataSource);
  return db.transaction(work).immediate(sessionOf(db));
}
