import Database from 'better-sqlite3';
import { aRoomName } from './builders/user.builder';
import { api, Session } from './helpers/api-client';
import { connectAs, request as ask } from './helpers/socket-client';
import { startTestApp, TestApp, withPostgres } from './helpers/test-app';

/**
 * One message the database refuses must not fail the others committed in its group (issue
 * #21 item 2: on PostgreSQL a NUL byte failed every sender of its group with INTERNAL). A
 * trigger of the test's own makes the database refuse one body, whatever the engine.
 */
describe('A failing row in a group commit (e2e)', () => {
  let testApp: TestApp;
  let senders: Session[];
  let roomId: string;

  beforeAll(async () => {
    testApp = await startTestApp({ MESSAGE_RATE_BURST: '1000', MESSAGE_RATE_PER_MINUTE: '1000' });
    const client = api(testApp);
    senders = await Promise.all(Array.from({ length: 6 }, () => client.signUp()));
    roomId = (await client.createRoom(senders[0], aRoomName())).id;
    await poisonBody('poison');
  });
  afterAll(() => testApp?.close());

  async function poisonBody(body: string): Promise<void> {
    const { database } = testApp.config;
    if (database.type === 'sqlite') {
      const db = new Database(database.path);
      db.exec(`CREATE TRIGGER poison BEFORE INSERT ON messages WHEN NEW.body = '${body}'
               BEGIN SELECT RAISE(ABORT, 'poisoned row'); END`);
      db.close();
      return;
    }
    await withPostgres(async (pg) => {
      await pg.query(`SET search_path TO ${database.schema}`);
      await pg.query(`CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN
          IF NEW.body = '${body}' THEN RAISE EXCEPTION 'poisoned row'; END IF; RETURN NEW;
        END $$ LANGUAGE plpgsql`);
      await pg.query(
        'CREATE TRIGGER poison BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION poison()',
      );
    });
  }

  it('refuses only the poisoned message; every other sender of the group gets theirs, seqs gap-free', async () => {
    const sockets = await Promise.all(senders.map((sender) => connectAs(testApp, sender)));
    try {
      for (const socket of sockets)
        expect((await ask(socket, 'room:join', { roomId })).ok).toBe(true);
      const bodies = senders.map((_, i) => (i === 2 ? 'poison' : `fine ${i}`));
      // Sent in one turn, they arrive together and commit as one group.
      const acks = await Promise.all(
        sockets.map((socket, i) => ask(socket, 'message:send', { roomId, body: bodies[i] })),
      );

      expect(acks.map((ack) => ack.ok)).toEqual([true, true, false, true, true, true]);
      expect(acks[2].error).toEqual({ code: 'INTERNAL', message: expect.any(String) });
      const stored = await api(testApp).allMessages(senders[0], roomId);
      expect(stored.map((message) => message.body).sort()).toEqual(
        bodies.filter((body) => body !== 'poison').sort(),
      );
      expect(stored.map((message) => message.seq)).toEqual([1, 2, 3, 4, 5]);
    } finally {
      for (const socket of sockets) socket.disconnect();
    }
  });
});
