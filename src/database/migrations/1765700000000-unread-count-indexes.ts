import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Unread counts without scanning unread messages (rooms.repository.ts, unreadCountSql): a
 * member's own messages after their marker, and the deleted ones, each one index range.
 * The second index is partial: messages that were never deleted cost it nothing.
 *
 * Plain SQL rather than QueryRunner.createIndex: on PostgreSQL that loads the table's
 * metadata, which since the search migration includes a generated column, and so asks for
 * TypeORM's own typeorm_metadata table, which only exists where TypeORM made it.
 */
export class UnreadCountIndexes1765700000000 implements MigrationInterface {
  name = 'UnreadCountIndexes1765700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const name = qualifier(queryRunner);
    await queryRunner.query(
      `CREATE INDEX ix_messages_room_sender_seq ON ${name('messages')} (room_id, sender_id, seq)`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_messages_room_deleted_seq ON ${name('messages')} (room_id, seq)
       WHERE deleted_at IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const name = qualifier(queryRunner);
    await queryRunner.query(`DROP INDEX ${name('ix_messages_room_deleted_seq')}`);
    await queryRunner.query(`DROP INDEX ${name('ix_messages_room_sender_seq')}`);
  }
}

/** Names in the configured schema on PostgreSQL (the e2e suites use one per run). */
function qualifier(queryRunner: QueryRunner): (name: string) => string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema;
  return (name) => (schema ? `"${schema}"."${name}"` : name);
}
