import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

/**
 * Issue #16: who each message mentions, one row per (message, mentioned user), with the
 * message's room, seq and sender copied in so that a member's mention count is one range
 * scan of ix_message_mentions_user_room_seq, never a scan of bodies. An edit replaces a
 * message's rows, a deletion removes them. QueryRunner API, so one file serves both engines.
 */
export class Mentions1765400000000 implements MigrationInterface {
  name = 'Mentions1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const isPostgres = queryRunner.connection.driver.options.type === 'postgres';
    const id = (name: string): TableColumnOptions => ({
      name,
      type: isPostgres ? 'uuid' : 'varchar',
      length: isPostgres ? undefined : '36',
    });
    await queryRunner.createTable(
      new Table({
        name: 'message_mentions',
        columns: [
          { ...id('message_id'), isPrimary: true },
          { ...id('user_id'), isPrimary: true },
          id('room_id'),
          id('sender_id'),
          { name: 'seq', type: 'integer' },
        ],
        foreignKeys: [
          {
            name: 'fk_message_mentions_message',
            columnNames: ['message_id'],
            referencedTableName: 'messages',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          {
            name: 'fk_message_mentions_user',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    // Mention counts: `user_id = ? AND room_id = ? AND seq > ? AND sender_id <> ?`, answered
    // from the index alone (sender_id is in it), without visiting the table.
    await queryRunner.createIndex(
      'message_mentions',
      new TableIndex({
        name: 'ix_message_mentions_user_room_seq',
        columnNames: ['user_id', 'room_id', 'seq', 'sender_id'],
      }),
    );
    // Unread counts are derived from the marker: `last_seq - last_read_seq`, less the
    // member's own messages after it and others' deleted ones (see unreadCountSql). These two
    // ranges make that cost the same for a room with thousands unread as for one with none;
    // the second is partial, so sends (never deleted yet) do not write to it.
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
        name: 'ix_messages_room_deleted',
        columnNames: ['room_id', 'seq'],
        where: 'deleted_at IS NOT NULL',
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('messages', 'ix_messages_room_deleted');
    await queryRunner.dropIndex('messages', 'ix_messages_room_sender_seq');
    await queryRunner.dropTable('message_mentions');
  }
}
