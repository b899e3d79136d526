import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Keeps the hash of a session's previous refresh secret, so that only a token that really was
 * exchanged already counts as reuse and revokes the session; any other wrong secret is a plain
 * 401 (issue #21: a guessed secret beside a known session id revoked the victim's session).
 * Existing sessions start with none: their next exchange records one.
 */
export class SessionPreviousRefreshHash1765000000000 implements MigrationInterface {
  name = 'SessionPreviousRefreshHash1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'sessions',
      new TableColumn({
        name: 'previous_refresh_token_hash',
        type: 'varchar',
        length: '64',
        isNullable: true,
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('sessions', 'previous_refresh_token_hash');
  }
}
