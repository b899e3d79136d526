import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../src/database/migrations';
import { emptyTestDatabase } from './helpers/migration-database';

const ALICE = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';
const CAROL = '33333333-3333-4333-8333-333333333333';
const ROOM = '44444444-4444-4444-8444-444444444444';
const EMPTY_ROOM = '55555555-5555-4555-8555-555555555555';

/** Upgrading a database of v1 data: nobody loses a room (issue #14). */
describe('Migration 1765100000000 (conversations) on existing data', () => {
  let dataSource: DataSource;
  let cleanUp: () => Promise<void>;

  beforeAll(async () => {
    let options: DataSourceOptions;
    ({ options, cleanUp } = await emptyTestDatabase());
    dataSource = await new DataSource({
      ...options,
      migrations: MIGRATIONS.slice(0, 1),
    }).initialize();
    await dataSource.runMigrations();
    const table = (name: string) =>
      options.type === 'postgres' && options.schema ? `"${options.schema}"."${name}"` : name;
    const at = (second: number) => `'2026-01-01 00:00:0${second}'`;
    await dataSource.query(
      `INSERT INTO ${table('users')} (id, username, username_key, email, password_hash, created_at)
       VALUES ('${ALICE}', 'alice', 'alice', 'a@x.test', 'h', ${at(0)}),
              ('${BOB}', 'bob', 'bob', 'b@x.test', 'h', ${at(0)}),
              ('${CAROL}', 'carol', 'carol', 'c@x.test', 'h', ${at(0)})`,
    );
    await dataSource.query(
      `INSERT INTO ${table('rooms')} (id, name, name_key, description, created_by_id, created_at, last_seq, last_activity_at)
       VALUES ('${ROOM}', 'General', 'general', '', '${ALICE}', ${at(1)}, 3, ${at(4)}),
              ('${EMPTY_ROOM}', 'Quiet', 'quiet', '', '${CAROL}', ${at(1)}, 0, ${at(1)})`,
    );
    const senders = [ALICE, BOB, BOB];
    for (const [index, sender] of senders.entries()) {
      await dataSource.query(
        `INSERT INTO ${table('messages')} (id, room_id, seq, body, sender_id, created_at)
         VALUES ('6666666${index}-6666-4666-8666-666666666666', '${ROOM}', ${index + 1}, 'hi', '${sender}', ${at(index + 2)})`,
      );
    }
    await dataSource.destroy();
    dataSource = await new DataSource(options).initialize();
    await dataSource.runMigrations();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await cleanUp();
  });

  it('makes rooms public, creators owners and every poster a member with nothing unread', async () => {
    const rooms = await dataSource.query(
      `SELECT id, kind, direct_key, last_change, name_key FROM rooms ORDER BY name`.replace(
        'rooms',
        dataSource.getMetadata('RoomEntity').tablePath,
      ),
    );
    expect(rooms).toEqual([
      { id: ROOM, kind: 'public', direct_key: null, last_change: 0, name_key: 'general' },
      { id: EMPTY_ROOM, kind: 'public', direct_key: null, last_change: 0, name_key: 'quiet' },
    ]);
    const members = await dataSource.query(
      `SELECT room_id, user_id, role, last_read_seq, notify FROM ${dataSource.getMetadata('RoomMemberEntity').tablePath}
       ORDER BY room_id, user_id`,
    );
    expect(members).toEqual([
      { room_id: ROOM, user_id: ALICE, role: 'owner', last_read_seq: 3, notify: 'mentions' },
      { room_id: ROOM, user_id: BOB, role: 'member', last_read_seq: 3, notify: 'mentions' },
      { room_id: EMPTY_ROOM, user_id: CAROL, role: 'owner', last_read_seq: 0, notify: 'mentions' },
    ]);
  });

  it('keeps room names unique case-insensitively, and messages in place', async () => {
    const rooms = dataSource.getMetadata('RoomEntity').tablePath;
    await expect(
      dataSource.query(
        `INSERT INTO ${rooms} (id, name, name_key, description, created_by_id, created_at, last_seq, last_activity_at)
         VALUES ('77777777-7777-4777-8777-777777777777', 'GENERAL', 'general', '', '${BOB}',
                 '2026-01-02 00:00:00', 0, '2026-01-02 00:00:00')`,
      ),
    ).rejects.toThrow();
    const messages = dataSource.getMetadata('MessageEntity').tablePath;
    const [{ count }] = await dataSource.query(`SELECT COUNT(*) AS count FROM ${messages}`);
    expect(Number(count)).toBe(3);
  });

  it('reverts and applies again', async () => {
    await dataSource.undoLastMigration();
    const messages = dataSource.getMetadata('MessageEntity').tablePath;
    const [kept] = await dataSource.query(`SELECT COUNT(*) AS count FROM ${messages}`);
    expect(Number(kept.count)).toBe(3);
    await dataSource.runMigrations();
    const members = dataSource.getMetadata('RoomMemberEntity').tablePath;
    const [{ count }] = await dataSource.query(`SELECT COUNT(*) AS count FROM ${members}`);
    expect(Number(count)).toBe(3);
  });
});
