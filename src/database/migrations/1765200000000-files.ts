import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

/** Uploaded files (issue #18). QueryRunner API, so one file serves SQLite and PostgreSQL. */
export class Files1765200000000 implements MigrationInterface {
  name = 'Files1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const isPostgres = queryRunner.connection.driver.options.type === 'postgres';
    const uuid = (name: string, isNullable = false): TableColumnOptions =>
      isPostgres
        ? { name, type: 'uuid', isNullable }
        : { name, type: 'varchar', length: '36', isNullable };
    const integer = (name: string, isNullable = false): TableColumnOptions => ({
      name,
      type: 'integer',
      isNullable,
    });

    await queryRunner.createTable(
      new Table({
        name: 'files',
        columns: [
          { ...uuid('id'), isPrimary: true },
          uuid('room_id'),
          uuid('uploader_id'),
          { name: 'name', type: 'varchar', length: '255' },
          integer('size'),
          { name: 'content_type', type: 'varchar', length: '127' },
          { name: 'storage_key', type: 'varchar', length: '64' },
          integer('width', true),
          integer('height', true),
          { name: 'thumbnail_key', type: 'varchar', length: '64', isNullable: true },
          // No foreign key: the send path claims files in the transaction that inserts the
          // message, and deleting a message removes its files (and their bytes) explicitly.
          uuid('message_id', true),
          { name: 'created_at', type: isPostgres ? 'timestamptz' : 'datetime' },
        ],
        foreignKeys: [
          {
            name: 'fk_files_room',
            columnNames: ['room_id'],
            referencedTableName: 'rooms',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          {
            name: 'fk_files_uploader',
            columnNames: ['uploader_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [
          // A message's files, and (message_id IS NULL) the sweep of old unattached uploads.
          { name: 'ix_files_message_created', columnNames: ['message_id', 'created_at'] },
          // The per-user quota.
          { name: 'ix_files_uploader', columnNames: ['uploader_id'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('files');
  }
}
