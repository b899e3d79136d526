import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

/**
 * Written with the QueryRunner API rather than SQL so that one file serves SQLite and
 * PostgreSQL; only the column types differ between the two.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const types = columnTypes(queryRunner);
    const id = (name = 'id'): TableColumnOptions => ({
      name,
      type: types.uuid,
      length: types.uuidLength,
    });
    const timestamp = (name: string, isNullable = false): TableColumnOptions => ({
      name,
      type: types.timestamp,
      isNullable,
    });

    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { ...id(), isPrimary: true },
          { name: 'username', type: 'varchar', length: '32' },
          { name: 'username_key', type: 'varchar', length: '32' },
          { name: 'email', type: 'varchar', length: '254' },
          { name: 'password_hash', type: 'varchar', length: '255' },
          timestamp('created_at'),
        ],
        indices: [
          { name: 'ux_users_username_key', columnNames: ['username_key'], isUnique: true },
          { name: 'ux_users_email', columnNames: ['email'], isUnique: true },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'sessions',
        columns: [
          { ...id(), isPrimary: true },
          id('user_id'),
          { name: 'refresh_token_hash', type: 'varchar', length: '64' },
          timestamp('created_at'),
          timestamp('expires_at'),
          timestamp('revoked_at', true),
        ],
        foreignKeys: [
          {
            name: 'fk_sessions_user',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [{ name: 'ix_sessions_user', columnNames: ['user_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'rooms',
        columns: [
          { ...id(), isPrimary: true },
          { name: 'name', type: 'varchar', length: '64' },
          { name: 'name_key', type: 'varchar', length: '256' },
          { name: 'description', type: 'varchar', length: '2000', default: "''" },
          id('created_by_id'),
          timestamp('created_at'),
          { name: 'last_seq', type: 'integer', default: 0 },
          timestamp('last_activity_at'),
        ],
        foreignKeys: [
          {
            name: 'fk_rooms_created_by',
            columnNames: ['created_by_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
          },
        ],
        indices: [
          { name: 'ux_rooms_name_key', columnNames: ['name_key'], isUnique: true },
          // GET /api/rooms: newest activity first, ties by name.
          { name: 'ix_rooms_activity', columnNames: ['last_activity_at', 'name'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'messages',
        columns: [
          { ...id(), isPrimary: true },
          id('room_id'),
          { name: 'seq', type: 'integer' },
          { name: 'body', type: 'text' },
          id('sender_id'),
          { name: 'client_msg_id', type: 'varchar', length: '64', isNullable: true },
          timestamp('created_at'),
        ],
        foreignKeys: [
          {
            name: 'fk_messages_room',
            columnNames: ['room_id'],
            referencedTableName: 'rooms',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          {
            name: 'fk_messages_sender',
            columnNames: ['sender_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
          },
        ],
        indices: [
          // Gap-free seq per room, and the key of every history page (newest, before, after).
          { name: 'ux_messages_room_seq', columnNames: ['room_id', 'seq'], isUnique: true },
          // Idempotent sends; NULL ids (no key given) do not collide on either engine.
          {
            name: 'ux_messages_sender_client_msg_id',
            columnNames: ['sender_id', 'client_msg_id'],
            isUnique: true,
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('messages');
    await queryRunner.dropTable('rooms');
    await queryRunner.dropTable('sessions');
    await queryRunner.dropTable('users');
  }
}

function columnTypes(queryRunner: QueryRunner) {
  const isPostgres = queryRunner.connection.driver.options.type === 'postgres';
  return isPostgres
    ? { uuid: 'uuid', uuidLength: undefined, timestamp: 'timestamptz' }
    : { uuid: 'varchar', uuidLength: '36', timestamp: 'datetime' };
}
