import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { inSqliteTransaction, SqliteSession } from './sqlite/statements';

/**
 * Runs write transactions. PostgreSQL handles concurrent transactions itself; TypeORM's
 * better-sqlite3 driver has a single connection, where a second BEGIN during an open
 * transaction fails and a stray write would join (and roll back with) someone else's
 * transaction. So on SQLite every write goes through one queue, one transaction at a time.
 */
@Injectable()
export class WriteTransactions {
  /** True on SQLite: one write transaction at a time. */
  readonly isSerialized: boolean;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.isSerialized = dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.isSerialized) return this.dataSource.transaction(work);
    return this.enqueue(() => this.dataSource.transaction(work));
  }

  /**
   * PostgreSQL only: runs `work`'s statements on one pooled connection, each its own
   * transaction. For a write that is a single statement (atomic by itself), so that it costs
   * no BEGIN and COMMIT round trips, and the reads after it share its connection.
   */
  async runStatements<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.isSerialized) throw new Error('runStatements() is for PostgreSQL only');
    const runner = this.dataSource.createQueryRunner();
    try {
      return await work(runner.manager);
    } finally {
      await runner.release();
    }
  }

  /**
   * SQLite only: runs `work` as one synchronous transaction (see inSqliteTransaction), in turn
   * with the others; `work` must not await anything.
   */
  runOnSqlite<T>(work: (session: SqliteSession) => T): Promise<T> {
    if (!this.isSerialized) throw new Error('runOnSqlite() is for SQLite only');
    return this.enqueue(() => Promise.resolve(inSqliteTransaction(this.dataSource, work)));
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** True when a statement failed on a unique index (either engine). */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: string } | undefined)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
