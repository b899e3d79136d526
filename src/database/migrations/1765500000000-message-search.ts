import { MigrationInterface, QueryRunner } from 'typeorm';

/** Rows indexed per statement when existing messages are indexed (SQLite). */
const BACKFILL_BATCH = 10_000;

/**
 * Issue #17: full-text search of message bodies, folded for case and accents, kept in step
 * with messages by the same transaction that writes them.
 *
 * SQLite: an external-content FTS5 table over messages (rowid = the message's rowid, so the
 * body is not stored twice) with the `unicode61 remove_diacritics 2` tokenizer, fed by
 * triggers: an insert indexes, a body change reindexes, a deletion (deleted_at set, body
 * emptied) unindexes. A later migration that rebuilds the messages table on SQLite (adding a
 * column with the QueryRunner API does) drops these triggers: it must create them again
 * (createSqliteTriggers) and rebuild the index.
 *
 * PostgreSQL: a generated tsvector over the body as chat_search_text() folds it (lower case,
 * unaccent, every run of non-letters a space, so words split as unicode61 splits them) with a
 * GIN index. unaccent() is not IMMUTABLE, so an immutable wrapper names its dictionary.
 */
export class MessageSearch1765500000000 implements MigrationInterface {
  name = 'MessageSearch1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) await upPostgres(queryRunner);
    else await upSqlite(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) {
      const name = qualifier(queryRunner);
      await queryRunner.query(`DROP INDEX IF EXISTS ${name('ix_messages_search')}`);
      await queryRunner.query(`ALTER TABLE ${name('messages')} DROP COLUMN search_vector`);
      await queryRunner.query(`DROP FUNCTION IF EXISTS ${name('chat_search_text')}(text)`);
      await queryRunner.query(`DROP FUNCTION IF EXISTS ${name('chat_unaccent')}(text)`);
      return;
    }
    for (const trigger of ['insert', 'update', 'delete']) {
      await queryRunner.query(`DROP TRIGGER IF EXISTS messages_search_${trigger}`);
    }
    await queryRunner.query('DROP TABLE IF EXISTS messages_search');
  }
}

async function upSqlite(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(
    `CREATE VIRTUAL TABLE messages_search USING fts5(body, content='messages', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')`,
  );
  await createSqliteTriggers(queryRunner);
  // Existing messages, a batch of rowids at a time, so no one statement holds a huge sort.
  const [{ last }] = (await queryRunner.query(
    'SELECT coalesce(max(rowid), 0) AS last FROM messages',
  )) as { last: number }[];
  for (let from = 0; from < last; from += BACKFILL_BATCH) {
    await queryRunner.query(
      `INSERT INTO messages_search (rowid, body) SELECT rowid, body FROM messages
       WHERE rowid > ? AND rowid <= ? AND deleted_at IS NULL`,
      [from, from + BACKFILL_BATCH],
    );
  }
}

/** The triggers that keep messages_search in step with messages (see the class comment). */
export async function createSqliteTriggers(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(
    `CREATE TRIGGER messages_search_insert AFTER INSERT ON messages WHEN new.deleted_at IS NULL
     BEGIN INSERT INTO messages_search (rowid, body) VALUES (new.rowid, new.body); END`,
  );
  // External content: removing an entry needs the text it was indexed with (old.body).
  await queryRunner.query(
    `CREATE TRIGGER messages_search_update AFTER UPDATE OF body, deleted_at ON messages
     BEGIN
       INSERT INTO messages_search (messages_search, rowid, body)
         SELECT 'delete', old.rowid, old.body WHERE old.deleted_at IS NULL;
       INSERT INTO messages_search (rowid, body)
         SELECT new.rowid, new.body WHERE new.deleted_at IS NULL;
     END`,
  );
  await queryRunner.query(
    `CREATE TRIGGER messages_search_delete AFTER DELETE ON messages WHEN old.deleted_at IS NULL
     BEGIN
       INSERT INTO messages_search (messages_search, rowid, body) VALUES ('delete', old.rowid, old.body);
     END`,
  );
}

async function upPostgres(queryRunner: QueryRunner): Promise<void> {
  const name = qualifier(queryRunner);
  // In public when it is not installed yet and the role may create there: an extension in a
  // schema that is dropped later (a test's) would take every other schema's search column
  // with it. Else in the app's own schema (PostgreSQL 15 lets only the owner create in public).
  const [{ target }] = (await queryRunner.query(
    `SELECT CASE WHEN has_schema_privilege('public', 'CREATE') THEN 'public' ELSE current_schema() END AS target`,
  )) as { target: string }[];
  await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA "${target}"`);
  const [{ schema }] = (await queryRunner.query(
    `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'unaccent'`,
  )) as { schema: string }[];
  const unaccent = `"${schema}".unaccent`;
  await queryRunner.query(
    `CREATE FUNCTION ${name('chat_unaccent')}(text) RETURNS text
     LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
     AS $$ SELECT ${unaccent}('${unaccent}'::regdictionary, $1) $$`,
  );
  await queryRunner.query(
    `CREATE FUNCTION ${name('chat_search_text')}(text) RETURNS text
     LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
     AS $$ SELECT regexp_replace(${name('chat_unaccent')}(lower($1)), '[^[:alnum:]]+', ' ', 'g') $$`,
  );
  // Generated: every write of a body (insert, edit, deletion's '') updates it in the same
  // statement. Adding it computes it for every existing message (one table rewrite).
  await queryRunner.query(
    `ALTER TABLE ${name('messages')} ADD COLUMN search_vector tsvector
     GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, ${name('chat_search_text')}(body))) STORED`,
  );
  await queryRunner.query(
    `CREATE INDEX ix_messages_search ON ${name('messages')} USING gin (search_vector)`,
  );
}

function isPostgres(queryRunner: QueryRunner): boolean {
  return queryRunner.connection.driver.options.type === 'postgres';
}

/** A name for raw SQL: schema-qualified when a PostgreSQL schema is configured. */
function qualifier(queryRunner: QueryRunner): (name: string) => string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema;
  return (name) => (schema ? `"${schema}"."${name}"` : name);
}
