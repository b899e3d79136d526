import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Issue #20: display names, avatars, and what the sessions list shows. QueryRunner API, so one
 * file serves SQLite and PostgreSQL.
 */
export class Profiles1765600000000 implements MigrationInterface {
  name = 'Profiles1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp =
      queryRunner.connection.driver.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    // One call per table, so that SQLite rebuilds each table once.
    await queryRunner.addColumns('users', [
      // Null reads as the username (rows written by code that predates the column).
      new TableColumn({ name: 'display_name', type: 'varchar', length: '255', isNullable: true }),
      // Random storage key of the avatar image; it is also the capability in its URL.
      new TableColumn({ name: 'avatar_key', type: 'varchar', length: '64', isNullable: true }),
    ]);
    await queryRunner.query(`UPDATE ${tableIn(queryRunner)('users')} SET display_name = username`);
    await queryRunner.addColumns('sessions', [
      new TableColumn({ name: 'last_used_at', type: timestamp, isNullable: true }),
      new TableColumn({ name: 'user_agent', type: 'varchar', length: '512', isNullable: true }),
    ]);
  }

  /**
   * Plain ALTER TABLE … DROP COLUMN (SQLite 3.35+ has it): TypeORM's dropColumns rebuilds the
   * table on SQLite, which the foreign keys of every table that references users refuse.
   */
  async down(queryRunner: QueryRunner): Promise<void> {
    const table = tableIn(queryRunner);
    for (const column of ['last_used_at', 'user_agent']) {
      await queryRunner.query(`ALTER TABLE ${table('sessions')} DROP COLUMN "${column}"`);
    }
    for (const column of ['display_name', 'avatar_key']) {
      await queryRunner.query(`ALTER TABLE ${table('users')} DROP COLUMN "${column}"`);
    }
  }
}

/** A table name for raw SQL: schema-qualified when a PostgreSQL schema is configured. */
function tableIn(queryRunner: QueryRunner): (name: string) => string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema;
  return (name) => (schema ? `"${schema}"."${name}"` : `"${name}"`);
}
