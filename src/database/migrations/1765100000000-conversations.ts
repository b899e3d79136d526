import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/**
 * Issue #14: persistent membership, bans, and room kinds (public, private, direct). QueryRunner
 * API, so one file serves both engines; the backfill is plain SQL that both accept.
 */
export class Conversations1765100000000 implements MigrationInterface {
  name = 'Conversations1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const types = columnTypes(queryRunner);
    const uuid = (name: string) => ({ name, type: types.uuid, length: types.uuidLength });
    const table = tableIn(queryRunner);

    await queryRunner.addColumns('rooms', [
      new TableColumn({ name: 'kind', type: 'varchar', length: '16', default: "'public'" }),
      // Sorted participant ids joined by ",": get-or-create of a direct room collides here.
      // Up to 9 participants of 36 characters each.
      new TableColumn({ name: 'direct_key', type: 'varchar', length: '400', isNullable: true }),
      new TableColumn({ name: 'last_change', type: 'integer', default: 0 }),
    ]);
    // Direct rooms have no name: a NULL key, which never collides on either engine, keeps
    // ux_rooms_name_key unique for public and private names.
    await setNullable(queryRunner, 'rooms', 'name_key', true);
    await queryRunner.createIndex(
      'rooms',
      new TableIndex({ name: 'ux_rooms_direct_key', columnNames: ['direct_key'], isUnique: true }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'room_members',
        columns: [
          { ...uuid('room_id'), isPrimary: true },
          { ...uuid('user_id'), isPrimary: true },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'joined_at', type: types.timestamp },
          { name: 'last_read_seq', type: 'integer', default: 0 },
          { name: 'notify', type: 'varchar', length: '16' },
        ],
        foreignKeys: [
          {
            name: 'fk_room_members_room',
            columnNames: ['room_id'],
            referencedTableName: 'rooms',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          {
            name: 'fk_room_members_user',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        // The primary key serves "members of a room"; this one "rooms of a user" (GET /api/rooms).
        indices: [{ name: 'ix_room_members_user', columnNames: ['user_id', 'room_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'room_bans',
        columns: [
          { ...uuid('room_id'), isPrimary: true },
          { ...uuid('user_id'), isPrimary: true },
          uuid('banned_by_id'),
          { name: 'created_at', type: types.timestamp },
        ],
        foreignKeys: [
          {
            name: 'fk_room_bans_room',
            columnNames: ['room_id'],
            referencedTableName: 'rooms',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          {
            name: 'fk_room_bans_user',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );

    // Nobody loses a room on upgrade: creators own their rooms, and everyone who ever posted in
    // one is a member, with nothing unread.
    await queryRunner.query(
      `INSERT INTO ${table('room_members')} (room_id, user_id, role, joined_at, last_read_seq, notify)
       SELECT id, created_by_id, 'owner', created_at, last_seq, 'mentions' FROM ${table('rooms')}`,
    );
    await queryRunner.query(
      `INSERT INTO ${table('room_members')} (room_id, user_id, role, joined_at, last_read_seq, notify)
       SELECT m.room_id, m.sender_id, 'member', MIN(m.created_at), r.last_seq, 'mentions'
       FROM ${table('messages')} m JOIN ${table('rooms')} r ON r.id = m.room_id
       WHERE m.sender_id <> r.created_by_id
       GROUP BY m.room_id, m.sender_id, r.last_seq`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('room_bans');
    await queryRunner.dropTable('room_members');
    await queryRunner.dropIndex('rooms', 'ux_rooms_direct_key');
    // Direct rooms cannot survive without a name key.
    await queryRunner.query(`DELETE FROM ${tableIn(queryRunner)('rooms')} WHERE kind = 'direct'`);
    if (queryRunner.connection.driver.options.type === 'postgres') {
      await setNullable(queryRunner, 'rooms', 'name_key', false);
      await queryRunner.dropColumns('rooms', ['kind', 'direct_key', 'last_change']);
      return;
    }
    // SQLite: TypeORM alters a column by copying the table, and a revert runs with foreign keys
    // on (it sets them off only after opening the transaction, where SQLite ignores that), so
    // dropping the old rooms table would cascade to every message. Native DROP COLUMN copies
    // nothing; name_key simply stays nullable.
    for (const column of ['kind', 'direct_key', 'last_change']) {
      await queryRunner.query(`ALTER TABLE "rooms" DROP COLUMN "${column}"`);
    }
  }
}

function columnTypes(queryRunner: QueryRunner) {
  const isPostgres = queryRunner.connection.driver.options.type === 'postgres';
  return isPostgres
    ? { uuid: 'uuid', uuidLength: undefined, timestamp: 'timestamptz' }
    : { uuid: 'varchar', uuidLength: '36', timestamp: 'datetime' };
}

/** A table name for raw SQL: schema-qualified when a PostgreSQL schema is configured. */
function tableIn(queryRunner: QueryRunner): (name: string) => string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema;
  return (name) => (schema ? `"${schema}"."${name}"` : name);
}

/**
 * Changes only nullability, from the column as loaded: a column described afresh differs in
 * type spelling on PostgreSQL ("character varying"), and TypeORM then drops and re-adds it,
 * losing its data and its index.
 */
async function setNullable(
  queryRunner: QueryRunner,
  tableName: string,
  columnName: string,
  isNullable: boolean,
): Promise<void> {
  const table = await queryRunner.getTable(tableName);
  const column = table?.findColumnByName(columnName);
  if (!table || !column) throw new Error(`${tableName}.${columnName} not found`);
  const changed = column.clone();
  changed.isNullable = isNullable;
  await queryRunner.changeColumn(table, column, changed);
}
