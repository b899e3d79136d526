import { MigrationInterface, QueryRunner } from 'typeorm';
import { createSqliteSearch } from './1765500000000-message-search';

/**
 * Issue #17: a SQLite database that ran the first version of 1765500000000 (before the
 * product's release) indexes bodies without the spelled-out letters (ß → ss, æ → ae, …) that
 * queries now use, so words with them would not be found there. Such an index (told by its
 * definition lacking `columnsize=0`) is made again as 1765500000000 now makes it, in
 * batches. Anything else, PostgreSQL included, is left as it is: there the earlier generated
 * column holds what the trigger would.
 */
export class MessageSearchRefold1765650000000 implements MigrationInterface {
  name = 'MessageSearchRefold1765650000000';
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres') return;
    const [table] = (await queryRunner.query(
      `SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'messages_search'`,
    )) as { sql: string }[];
    if (table?.sql.includes('columnsize=0')) return;
    await createSqliteSearch(queryRunner);
  }

  /** Nothing to undo: the index keeps the form 1765500000000 gives it. */
  async down(): Promise<void> {}
}
