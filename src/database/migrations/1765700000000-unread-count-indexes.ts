import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * Unread counts without scanning unread messages (rooms.repository.ts, unreadCountSql): a
 * member's own messages after their marker, and the deleted ones, each one index range.
 * The second index is partial: messages that were never deleted cost it nothing.
 */
export class UnreadCountIndexes1765700000000 implements MigrationInterface {
  name = 'UnreadCountIndexes1765700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'messages',
      new TableIndex({
        name: 'ix_messages_room_sender_seq',
        columnNames: ['room_id', 'sender_id', 'seq'],
      }),
    );
    await queryRunner.createIndex(
      'messages',
      new TableIndex({
        name: 'ix_messages_room_deleted_seq',
        columnNames: ['room_id', 'seq'],
        where: 'deleted_at IS NOT NULL',
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('messages', 'ix_messages_room_deleted_seq');
    await queryRunner.dropIndex('messages', 'ix_messages_room_sender_seq');
  }
}
