import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, TableIndex, DataSourceOptions } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { MIGRATIONS } from '../src/database/migrations';
import { emptyTestDatabase } from './helpers/migration-database';
import {
  MessageSearch1765500000000,
  SEARCH_BACKFILL_BATCH,
} from '../src/database/migrations/1765500000000-message-search';
import { TEST_ENGINE } from './helpers/test-app';

const ALICE = '11111111-1111-4111-8111-111111111111';
const ROOM = '44444444-4444-4444-8444-444444444444';
const BODIES = ['Café crème', 'nothing here', 'another CAFE', 'deleted café'];
/** More messages than one backfill batch holds, so the batches meet end to end. */
const BULK = 2 * SEARCH_BACKFILL_BATCH + 7;

/** Upgrading a database with messages: they become searchable, deleted ones do not (#17). */
describe('Migration 1765500000000 (message search) on existing data', () => {
  let dataSource: DataSource;
  let cleanUp: () => Promise<void>;
  let table: (name: string) => string;

  beforeAll(async () => {
    let options: DataSourceOptions;
    ({ options, cleanUp, table } = await emptyTestDatabase());
    const before = MIGRATIONS.indexOf(MessageSearch1765500000000);
    dataSource = await new DataSource({
      ...options,
      migrations: MIGRATIONS.slice(0, before),
    }).initialize();
    await dataSource.runMigrations();
    const at = `'2026-01-01 00:00:00'`;
    await dataSource.query(
      `INSERT INTO ${table('users')} (id, username, username_key, email, password_hash, created_at)
       VALUES ('${ALICE}', 'alice', 'alice', 'a@x.test', 'h', ${at})`,
    );
    await dataSource.query(
      `INSERT INTO ${table('rooms')} (id, name, name_key, description, created_by_id, created_at, last_seq, last_activity_at)
       VALUES ('${ROOM}', 'General', 'general', '', '${ALICE}', ${at}, ${BODIES.length}, ${at})`,
    );
    for (const [index, body] of BODIES.entries()) {
      const isDeleted = index === BODIES.length - 1;
      await dataSource.query(
        `INSERT INTO ${table('messages')} (id, room_id, seq, body, sender_id, created_at, deleted_at)
         VALUES ('6666666${index}-6666-4666-8666-666666666666', '${ROOM}', ${index + 1},
                 '${isDeleted ? '' : body}', '${ALICE}', ${at}, ${isDeleted ? at : 'NULL'})`,
      );
    }
    // Bulk messages with seq after the others: bulk1 … bulkN, each once.
    const bulk =
      TEST_ENGINE === 'postgres'
        ? `SELECT gen_random_uuid(), '${ROOM}', ${BODIES.length} + n, 'bulk' || n, '${ALICE}', ${at}
           FROM generate_series(1, ${BULK}) AS n`
        : `WITH RECURSIVE n(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM n WHERE n < ${BULK})
           SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2)
             || '-8' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
             '${ROOM}', ${BODIES.length} + n, 'bulk' || n, '${ALICE}', ${at} FROM n`;
    await dataSource.query(
      `INSERT INTO ${table('messages')} (id, room_id, seq, body, sender_id, created_at) ${bulk}`,
    );
    await dataSource.destroy();
    dataSource = await new DataSource(options).initialize();
    await dataSource.runMigrations();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await cleanUp();
  });

  /** Bodies the index finds for one folded word prefix, by seq. */
  async function found(word: string): Promise<string[]> {
    const rows: { body: string }[] =
      TEST_ENGINE === 'postgres'
        ? await dataSource.query(
            `SELECT body FROM ${table('messages')} WHERE search_vector @@ to_tsquery('simple', $1) ORDER BY seq`,
            [`${word}:*`],
          )
        : await dataSource.query(
            `SELECT m.body FROM messages_search s JOIN messages m ON m.rowid = s.rowid
             WHERE messages_search MATCH ? ORDER BY m.seq`,
            [`"${word}" *`],
          );
    return rows.map((row) => row.body);
  }

  it('indexes the messages already stored, folded, and not the deleted one', async () => {
    expect(await found('cafe')).toEqual(['Café crème', 'another CAFE']);
    expect(await found('creme')).toEqual(['Café crème']);
  });

  it('indexes every message of a database larger than one batch, each once', async () => {
    const bulk = await found('bulk');
    expect(bulk).toHaveLength(BULK);
    expect(new Set(bulk).size).toBe(BULK);
    if (TEST_ENGINE !== 'postgres') return;
    const [{ unindexed }] = await dataSource.query(
      `SELECT count(*)::int AS unindexed FROM ${table('messages')} WHERE search_vector IS NULL`,
    );
    expect(unindexed).toBe(0);
    // Built concurrently, outside a transaction: it must have come out valid.
    const [index] = await dataSource.query(
      `SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass($1)`,
      [table('ix_messages_search')],
    );
    expect(index).toEqual({ indisvalid: true });
  });

  it('keeps new writes in step', async () => {
    await dataSource.query(
      `UPDATE ${table('messages')} SET body = 'now about tea' WHERE seq = 1 AND room_id = '${ROOM}'`,
    );
    expect(await found('cafe')).toEqual(['another CAFE']);
    expect(await found('tea')).toEqual(['now about tea']);
  });

  it('every later migration leaves the SQLite triggers in place', async () => {
    if (TEST_ENGINE === 'postgres') return;
    const triggers: { name: string }[] = await dataSource.query(
      `SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'messages' ORDER BY name`,
    );
    // A migration that rebuilds messages (SQLite's way to add a column) drops them: it must
    // create them again with createSqliteTriggers() and rebuild messages_search.
    expect(triggers.map((t) => t.name)).toEqual([
      'messages_search_delete',
      'messages_search_insert',
      'messages_search_update',
    ]);
  });

  it('runs again over what an interrupted run left, and finishes the job', async () => {
    const queryRunner = dataSource.createQueryRunner();
    try {
      // As if stopped mid-backfill: some rows not indexed yet, no index built.
      if (TEST_ENGINE === 'postgres') {
        await queryRunner.query(`DROP INDEX ${table('ix_messages_search')}`);
        await queryRunner.query(
          `UPDATE ${table('messages')} SET search_vector = NULL WHERE seq % 3 = 0`,
        );
      } else {
        await queryRunner.query(
          `INSERT INTO messages_search (messages_search) VALUES ('delete-all')`,
        );
      }
      await new MessageSearch1765500000000().up(queryRunner);
    } finally {
      await queryRunner.release();
    }
    expect(await found('bulk')).toHaveLength(BULK);
    expect(await found('cafe')).toEqual(['another CAFE']);
    if (TEST_ENGINE !== 'postgres') return;
    const [index] = await dataSource.query(
      `SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass($1)`,
      [table('ix_messages_search')],
    );
    expect(index).toEqual({ indisvalid: true });
  });

  it('leaves messages to later migrations that use the QueryRunner index API', async () => {
    const queryRunner = dataSource.createQueryRunner();
    try {
      const index = new TableIndex({ name: 'ix_later_migration', columnNames: ['created_at'] });
      await queryRunner.createIndex('messages', index);
      await queryRunner.dropIndex('messages', index);
    } finally {
      await queryRunner.release();
    }
  });

  it('reverts and applies again', async () => {
    const later = MIGRATIONS.length - 1 - MIGRATIONS.indexOf(MessageSearch1765500000000);
    for (let i = 0; i <= later; i++) await dataSource.undoLastMigration();
    const [{ count }] = await dataSource.query<{ count: number | string }[]>(
      `SELECT count(*) AS count FROM ${table('migrations')} WHERE name = 'MessageSearch1765500000000'`,
    );
    expect(Number(count)).toBe(0);
    await dataSource.runMigrations();
    expect(await found('cafe')).toEqual(['another CAFE']);
    expect(await found('bulk')).toHaveLength(BULK);
  });
});

/**
 * A SQLite database indexed by the first version of 1765500000000 (body unfolded, no
 * `columnsize=0`): migration 1765650000000 makes its index again, so ß, æ, ø … are found.
 */
describe('Migration 1765650000000 (search index refolded) on an earlier search index', () => {
  let dataSource: DataSource;
  let dir: string;

  beforeAll(async () => {
    if (TEST_ENGINE === 'postgres') return;
    dir = mkdtempSync(join(tmpdir(), 'chat-migration-'));
    const options = buildDataSourceOptions({ type: 'sqlite', path: join(dir, 'chat.sqlite') });
    const before = MIGRATIONS.indexOf(MessageSearch1765500000000);
    dataSource = await new DataSource({
      ...options,
      migrations: MIGRATIONS.slice(0, before),
    }).initialize();
    await dataSource.runMigrations();
    const at = `'2026-01-01 00:00:00'`;
    await dataSource.query(
      `INSERT INTO users (id, username, username_key, email, password_hash, created_at)
       VALUES ('${ALICE}', 'alice', 'alice', 'a@x.test', 'h', ${at})`,
    );
    await dataSource.query(
      `INSERT INTO rooms (id, name, name_key, description, created_by_id, created_at, last_seq, last_activity_at)
       VALUES ('${ROOM}', 'General', 'general', '', '${ALICE}', ${at}, 2, ${at})`,
    );
    // What the first version of 1765500000000 made (its insert trigger is enough here).
    await dataSource.query(
      `CREATE VIRTUAL TABLE messages_search USING fts5(body, content='messages', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')`,
    );
    await dataSource.query(
      `CREATE TRIGGER messages_search_insert AFTER INSERT ON messages WHEN new.deleted_at IS NULL
       BEGIN INSERT INTO messages_search (rowid, body) VALUES (new.rowid, new.body); END`,
    );
    await dataSource.query(
      `INSERT INTO migrations (timestamp, name) VALUES (1765500000000, 'MessageSearch1765500000000')`,
    );
    for (const [index, body] of ['Die Straße', 'Søren spiser æbler'].entries()) {
      await dataSource.query(
        `INSERT INTO messages (id, room_id, seq, body, sender_id, created_at)
         VALUES ('6666666${index}-6666-4666-8666-666666666666', '${ROOM}', ${index + 1}, '${body}', '${ALICE}', ${at})`,
      );
    }
    await dataSource.destroy();
    dataSource = await new DataSource(options).initialize();
    await dataSource.runMigrations();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finds the stored words by their spelled-out forms, and keeps new writes in step', async () => {
    if (TEST_ENGINE === 'postgres') return;
    const found = async (word: string) =>
      (
        await dataSource.query<{ body: string }[]>(
          `SELECT m.body FROM messages_search s JOIN messages m ON m.rowid = s.rowid
           WHERE messages_search MATCH ? ORDER BY m.seq`,
          [`"${word}" *`],
        )
      ).map((row) => row.body);
    expect(await found('strasse')).toEqual(['Die Straße']);
    expect(await found('aebler')).toEqual(['Søren spiser æbler']);
    await dataSource.query(`UPDATE messages SET body = 'Großes Glück' WHERE seq = 1`);
    expect(await found('strasse')).toEqual([]);
    expect(await found('grosses')).toEqual(['Großes Glück']);
  });
});
