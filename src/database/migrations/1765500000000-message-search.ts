import { MigrationInterface, QueryRunner } from 'typeorm';

/** Messages indexed per statement (and so per transaction) when existing ones are indexed. */
export const SEARCH_BACKFILL_BATCH = 5_000;
/** How long the PostgreSQL schema change may wait for its lock before it lets writers by. */
const LOCK_TIMEOUT = '2s';
/** Attempts at the PostgreSQL schema change, each after others' writes got through. */
const LOCK_ATTEMPTS = 30;

/**
 * Issue #17: full-text search of message bodies, folded for case and accents, kept in step
 * with messages by the same transaction that writes them.
 *
 * Outside TypeORM's migration transaction (`transaction = false`, with migrations run in
 * 'each' mode): existing messages are indexed in batches, each its own short transaction, so
 * a large database migrates without holding the write lock for long, and PostgreSQL's
 * CREATE INDEX CONCURRENTLY cannot run inside a transaction anyway. Every step can run again
 * after an interruption: the migration is recorded only once all of it is done.
 *
 * SQLite: an external-content FTS5 table over messages (rowid = the message's rowid, so the
 * body is not stored twice) with the `unicode61 remove_diacritics 2` tokenizer, fed by
 * triggers with the body as sqliteSearchText() folds it: an insert indexes, a body change
 * reindexes, a deletion (deleted_at set, body emptied) unindexes. `columnsize=0`: no
 * per-message row of token counts, which only ranking (bm25) would read. A later migration
 * that rebuilds the messages table on SQLite (adding a column with the QueryRunner API does)
 * drops these triggers: it must create them again (createSqliteTriggers) and index again
 * (reindexSqliteSearch; not FTS5's 'rebuild', which would index the body unfolded).
 *
 * PostgreSQL: a tsvector column over the body as chat_search_text() folds it (lower case,
 * unaccent, every run of non-letters a space, so words split as unicode61 splits them) with a
 * GIN index. A plain nullable column (adding it rewrites nothing) set by a BEFORE trigger on
 * every insert and body change, existing rows filled in batches; a row not filled yet is not
 * found, which can only be the case while this migration runs. unaccent() is not IMMUTABLE,
 * so an immutable wrapper names its dictionary.
 */
export class MessageSearch1765500000000 implements MigrationInterface {
  name = 'MessageSearch1765500000000';
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) await upPostgres(queryRunner);
    else await createSqliteSearch(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) {
      const name = await qualifier(queryRunner);
      await queryRunner.query(`DROP INDEX IF EXISTS ${name('ix_messages_search')}`);
      await queryRunner.query(
        `DROP TRIGGER IF EXISTS messages_search_vector ON ${name('messages')}`,
      );
      await queryRunner.query(`ALTER TABLE ${name('messages')} DROP COLUMN search_vector`);
      await queryRunner.query(`DROP FUNCTION IF EXISTS ${name('chat_messages_search_vector')}()`);
      await queryRunner.query(`DROP FUNCTION IF EXISTS ${name('chat_search_text')}(text)`);
      await queryRunner.query(`DROP FUNCTION IF EXISTS ${name('chat_unaccent')}(text)`);
      return;
    }
    await dropSqliteSearch(queryRunner);
  }
}

/**
 * The SQLite index as this migration makes it (table, triggers, existing messages), over
 * whatever an earlier or interrupted run left.
 */
export async function createSqliteSearch(queryRunner: QueryRunner): Promise<void> {
  let last = 0;
  await inTransaction(queryRunner, async () => {
    // Left by an interrupted run, whose index may be half filled.
    await dropSqliteSearch(queryRunner);
    await queryRunner.query(
      `CREATE VIRTUAL TABLE messages_search USING fts5(body, content='messages', content_rowid='rowid', columnsize=0, tokenize='unicode61 remove_diacritics 2')`,
    );
    await createSqliteTriggers(queryRunner);
    last = await lastRowid(queryRunner);
  });
  await backfillSqlite(queryRunner, last);
}

async function dropSqliteSearch(queryRunner: QueryRunner): Promise<void> {
  for (const trigger of ['insert', 'update', 'delete']) {
    await queryRunner.query(`DROP TRIGGER IF EXISTS messages_search_${trigger}`);
  }
  await queryRunner.query('DROP TABLE IF EXISTS messages_search');
}

/**
 * What the SQLite index holds for a body: the letters that unicode61 keeps whole but
 * PostgreSQL's unaccent spells out (ß → ss, æ → ae, ø → o, …) replaced, so both engines fold
 * alike (fold() in src/search/search-text.ts does the same to the query). An SQL expression
 * rather than a function registered on the connection: triggers run on every connection that
 * writes messages, including tools that know nothing of this app.
 */
export function sqliteSearchText(column: string): string {
  return SPELLED_OUT.reduce(
    (expression, [letter, spelling]) => `replace(${expression}, '${letter}', '${spelling}')`,
    column,
  );
}

/** Letters unicode61 `remove_diacritics 2` leaves as they are and unaccent spells out. */
export const SPELLED_OUT: readonly (readonly [string, string])[] = [
  ['ß', 'ss'],
  ['ẞ', 'ss'],
  ['æ', 'ae'],
  ['Æ', 'ae'],
  ['œ', 'oe'],
  ['Œ', 'oe'],
  ['ø', 'o'],
  ['Ø', 'o'],
  ['ł', 'l'],
  ['Ł', 'l'],
  ['đ', 'd'],
  ['Đ', 'd'],
  ['ð', 'd'],
  ['Ð', 'd'],
  ['þ', 'th'],
  ['Þ', 'th'],
  ['ı', 'i'],
];

/** The triggers that keep messages_search in step with messages (see the class comment). */
export async function createSqliteTriggers(queryRunner: QueryRunner): Promise<void> {
  const text = sqliteSearchText;
  await queryRunner.query(
    `CREATE TRIGGER messages_search_insert AFTER INSERT ON messages WHEN new.deleted_at IS NULL
     BEGIN INSERT INTO messages_search (rowid, body) VALUES (new.rowid, ${text('new.body')}); END`,
  );
  // External content: removing an entry needs the text it was indexed with. Only a change of
  // the body or of being deleted touches the index (not a version bump in the same statement).
  await queryRunner.query(
    `CREATE TRIGGER messages_search_update AFTER UPDATE OF body, deleted_at ON messages
     WHEN old.body IS NOT new.body OR (old.deleted_at IS NULL) IS NOT (new.deleted_at IS NULL)
     BEGIN
       INSERT INTO messages_search (messages_search, rowid, body)
         SELECT 'delete', old.rowid, ${text('old.body')} WHERE old.deleted_at IS NULL;
       INSERT INTO messages_search (rowid, body)
         SELECT new.rowid, ${text('new.body')} WHERE new.deleted_at IS NULL;
     END`,
  );
  await queryRunner.query(
    `CREATE TRIGGER messages_search_delete AFTER DELETE ON messages WHEN old.deleted_at IS NULL
     BEGIN
       INSERT INTO messages_search (messages_search, rowid, body) VALUES ('delete', old.rowid, ${text('old.body')});
     END`,
  );
}

/**
 * Empties messages_search and indexes every message again, a batch at a time, each batch its
 * own transaction when the caller has none open. For a migration that rebuilt `messages`
 * (after createSqliteTriggers).
 */
export async function reindexSqliteSearch(queryRunner: QueryRunner): Promise<void> {
  let last = 0;
  await inTransaction(queryRunner, async () => {
    await queryRunner.query(`INSERT INTO messages_search (messages_search) VALUES ('delete-all')`);
    last = await lastRowid(queryRunner);
  });
  await backfillSqlite(queryRunner, last);
}

/**
 * The rows up to `last`, by rowid ranges: the rows there were when the triggers began to
 * index (read in the transaction that made them or emptied the index), so a row is indexed
 * either here or by a trigger, never by both.
 */
async function backfillSqlite(queryRunner: QueryRunner, last: number): Promise<void> {
  for (let from = 0; from < last; from += SEARCH_BACKFILL_BATCH) {
    await queryRunner.query(
      `INSERT INTO messages_search (rowid, body) SELECT rowid, ${sqliteSearchText('body')} FROM messages
       WHERE rowid > ? AND rowid <= ? AND deleted_at IS NULL`,
      [from, Math.min(from + SEARCH_BACKFILL_BATCH, last)],
    );
  }
}

async function lastRowid(queryRunner: QueryRunner): Promise<number> {
  const [{ last }] = (await queryRunner.query(
    'SELECT coalesce(max(rowid), 0) AS last FROM messages',
  )) as { last: number }[];
  return last;
}

async function upPostgres(queryRunner: QueryRunner): Promise<void> {
  const name = await qualifier(queryRunner);
  await changeSchemaBriefly(queryRunner, name);
  await backfillPostgres(queryRunner, name);
  // An index left invalid by an interrupted CREATE INDEX CONCURRENTLY is dropped first:
  // IF NOT EXISTS would keep it, and an invalid index is never used.
  const invalid = (await queryRunner.query(
    `SELECT 1 FROM pg_index WHERE indexrelid = to_regclass($1) AND NOT indisvalid`,
    [name('ix_messages_search')],
  )) as unknown[];
  if (invalid.length > 0) {
    await queryRunner.query(`DROP INDEX CONCURRENTLY ${name('ix_messages_search')}`);
  }
  // Plain SQL: TypeORM's createIndex cannot name the GIN method or CONCURRENTLY.
  await queryRunner.query(
    `CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_messages_search ON ${name('messages')} USING gin (search_vector)`,
  );
}

/**
 * The functions, the column and the trigger, in one transaction that waits at most
 * LOCK_TIMEOUT for its lock on messages: a waiting ALTER TABLE queues every later write
 * behind it, so it gives up and tries again rather than wait behind a long transaction.
 */
async function changeSchemaBriefly(
  queryRunner: QueryRunner,
  name: (name: string) => string,
): Promise<void> {
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
  for (let attempt = 1; ; attempt++) {
    try {
      await inTransaction(queryRunner, async () => {
        await queryRunner.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
        await queryRunner.query(
          `CREATE OR REPLACE FUNCTION ${name('chat_unaccent')}(text) RETURNS text
           LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
           AS $$ SELECT ${unaccent}('${unaccent}'::regdictionary, $1) $$`,
        );
        await queryRunner.query(
          `CREATE OR REPLACE FUNCTION ${name('chat_search_text')}(text) RETURNS text
           LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
           AS $$ SELECT regexp_replace(${name('chat_unaccent')}(lower($1)), '[^[:alnum:]]+', ' ', 'g') $$`,
        );
        await queryRunner.query(
          `CREATE OR REPLACE FUNCTION ${name('chat_messages_search_vector')}() RETURNS trigger
           LANGUAGE plpgsql AS $$
           BEGIN
             NEW.search_vector := to_tsvector('simple'::regconfig, ${name('chat_search_text')}(NEW.body));
             RETURN NEW;
           END $$`,
        );
        // No default: PostgreSQL then only records the column, whatever the table's size.
        await queryRunner.query(
          `ALTER TABLE ${name('messages')} ADD COLUMN IF NOT EXISTS search_vector tsvector`,
        );
        await queryRunner.query(
          `CREATE OR REPLACE TRIGGER messages_search_vector
           BEFORE INSERT OR UPDATE OF body ON ${name('messages')}
           FOR EACH ROW EXECUTE FUNCTION ${name('chat_messages_search_vector')}()`,
        );
      });
      return;
    } catch (error) {
      const { code, driverError } = error as { code?: string; driverError?: { code?: string } };
      const isLockTimeout = (driverError?.code ?? code) === '55P03';
      if (!isLockTimeout || attempt >= LOCK_ATTEMPTS) throw error;
    }
  }
}

/**
 * Every message the trigger has not set yet, SEARCH_BACKFILL_BATCH ids at a time in id
 * order, each UPDATE its own transaction. A row that a writer changes meanwhile is either
 * waited for (its vector then set by the trigger, and `IS NULL` skips it) or locked for
 * the few milliseconds of one batch.
 */
async function backfillPostgres(
  queryRunner: QueryRunner,
  name: (name: string) => string,
): Promise<void> {
  const messages = name('messages');
  const vector = `to_tsvector('simple'::regconfig, ${name('chat_search_text')}(body))`;
  let after: string | null = null;
  for (;;) {
    const from = after === null ? '' : 'WHERE id > $1';
    const rows = (await queryRunner.query(
      `SELECT id FROM ${messages} ${from} ORDER BY id OFFSET ${SEARCH_BACKFILL_BATCH - 1} LIMIT 1`,
      after === null ? [] : [after],
    )) as { id: string }[];
    const upTo = rows[0]?.id ?? null;
    const range = [
      after === null ? null : 'id > $1',
      upTo === null ? null : `id <= $${after === null ? 1 : 2}`,
    ];
    await queryRunner.query(
      `UPDATE ${messages} SET search_vector = ${vector}
       WHERE ${['search_vector IS NULL', ...range.filter((c) => c !== null)].join(' AND ')}`,
      [after, upTo].filter((value) => value !== null),
    );
    if (upTo === null) return;
    after = upTo;
  }
}

/** Runs `work` in a transaction of its own (the migration runs outside TypeORM's). */
async function inTransaction(queryRunner: QueryRunner, work: () => Promise<void>): Promise<void> {
  await queryRunner.startTransaction();
  try {
    await work();
    await queryRunner.commitTransaction();
  } catch (error) {
    await queryRunner.rollbackTransaction();
    throw error;
  }
}

function isPostgres(queryRunner: QueryRunner): boolean {
  return queryRunner.connection.driver.options.type === 'postgres';
}

/**
 * A name for raw SQL, always schema-qualified: the trigger's function body is resolved when
 * a row is written, under whatever search_path that session has.
 */
async function qualifier(queryRunner: QueryRunner): Promise<(name: string) => string> {
  let schema = (queryRunner.connection.options as { schema?: string }).schema;
  if (!schema) {
    const [row] = (await queryRunner.query('SELECT current_schema() AS schema')) as {
      schema: string;
    }[];
    schema = row.schema;
  }
  return (name) => `"${schema}"."${name}"`;
}
