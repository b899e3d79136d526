import {
  MigrationInterface,
  QueryRunner,
  Table,
  TableColumn,
  TableColumnOptions,
  TableIndex,
} from 'typeorm';

/**
 * Issue #15: messages that change (edits, deletions, reactions, replies) and each room's
 * change counter. QueryRunner API, so one file serves SQLite and PostgreSQL.
 */
export class MessageChanges1765300000000 implements MigrationInterface {
  name = 'MessageChanges1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const types = columnTypes(queryRunner);
    const id = (name: string): TableColumnOptions => ({
      name,
      type: types.uuid,
      length: types.uuidLength,
    });

    // The membership migration (1765100000000, issue #14) adds rooms.last_change too; whichever
    // branch runs first adds it, and this one only when it is missing.
    if (!(await queryRunner.hasColumn('rooms', 'last_change'))) {
      await queryRunner.addColumn(
        'rooms',
        new TableColumn({ name: 'last_change', type: 'integer', default: 0 }),
      );
    }

    // One call, so that SQLite rebuilds the table once rather than once per column.
    await queryRunner.addColumns('messages', [
      // The room's change number of the message's last change; 0 until it first changes.
      new TableColumn({ name: 'version', type: 'integer', default: 0 }),
      new TableColumn({ name: 'edited_at', type: types.timestamp, isNullable: true }),
      new TableColumn({ name: 'deleted_at', type: types.timestamp, isNullable: true }),
      // No foreign key: a message is never removed apart from its room (and rebuilding the
      // table for one on SQLite buys nothing the service's same-room check does not).
      new TableColumn({ ...id('reply_to_id'), isNullable: true }),
    ]);
    // Change catch-up (`version > N` in version order). Partial: a message never changed
    // (version 0, nearly all of them) costs sends no index entry. Unique: a change number is
    // one change of one message, which backs the gap-free guarantee as (room_id, seq) does.
    await queryRunner.createIndex(
      'messages',
      new TableIndex({
        name: 'ux_messages_room_version',
        columnNames: ['room_id', 'version'],
        isUnique: true,
        where: 'version > 0',
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'message_revisions',
        columns: [
          { ...id('message_id'), isPrimary: true },
          // The change number of the edit that replaced this body: orders a message's revisions.
          { name: 'replaced_in', type: 'integer', isPrimary: true },
          { name: 'body', type: 'text' },
          // When this body became current: the message's createdAt for the original.
          { name: 'edited_at', type: types.timestamp },
        ],
        foreignKeys: [
          {
            name: 'fk_message_revisions_message',
            columnNames: ['message_id'],
            referencedTableName: 'messages',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'message_reactions',
        columns: [
          { ...id('message_id'), isPrimary: true },
          { ...id('user_id'), isPrimary: true },
          // One RGI emoji grapheme; the longest (family ZWJ sequences) are about 35 bytes.
          { name: 'emoji', type: 'varchar', length: '64', isPrimary: true },
          { name: 'created_at', type: types.timestamp },
          // The change number that set it: orders the users of one emoji (a timestamp can tie
          // within one group commit).
          { name: 'set_in', type: 'integer' },
          // The change number that first put this emoji on the message (it stays while anyone
          // keeps it; after its last user leaves, it starts over): orders the emojis.
          { name: 'emoji_since', type: 'integer' },
        ],
        foreignKeys: [
          {
            name: 'fk_message_reactions_message',
            columnNames: ['message_id'],
            referencedTableName: 'messages',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          {
            name: 'fk_message_reactions_user',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
  }

  /** Leaves rooms.last_change: the membership migration may own it (see up()). */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('message_reactions');
    await queryRunner.dropTable('message_revisions');
    await queryRunner.dropIndex('messages', 'ux_messages_room_version');
    await queryRunner.dropColumns('messages', [
      'version',
      'edited_at',
      'deleted_at',
      'reply_to_id',
    ]);
  }
}

function columnTypes(queryRunner: QueryRunner) {
  const isPostgres = queryRunner.connection.driver.options.type === 'postgres';
  return isPostgres
    ? { uuid: 'uuid', uuidLength: undefined, timestamp: 'timestamptz' }
    : { uuid: 'varchar', uuidLength: '36', timestamp: 'datetime' };
}
