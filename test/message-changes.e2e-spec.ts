import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { MessageResponseDto as Message } from '../src/messages/dto/message-response.dto';
import { MESSAGE_UPDATED, MessageUpdatedEvent } from '../src/messages/message-events';
import { aRoomName } from './builders/user.builder';
import { api, Session } from './helpers/api-client';
import { startTestApp, TestApp, withPostgres } from './helpers/test-app';

describe('Message changes: edit, delete, react, reply (e2e)', () => {
  let testApp: TestApp;
  let client: ReturnType<typeof api>;
  let alice: Session;
  let bob: Session;
  let carol: Session;
  let updates: Message[];

  beforeAll(async () => {
    testApp = await startTestApp({
      MESSAGE_RATE_BURST: '100000',
      MESSAGE_RATE_PER_MINUTE: '100000',
    });
    client = api(testApp);
    [alice, bob, carol] = await Promise.all([client.signUp(), client.signUp(), client.signUp()]);
    testApp.app
      .get(EventEmitter2)
      .on(MESSAGE_UPDATED, (event: MessageUpdatedEvent) => updates.push(event.message));
  });
  beforeEach(() => (updates = []));
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => testApp.close());

  const as = (session: Session) => ({ Authorization: `Bearer ${session.accessToken}` });
  const http = () => client.http();
  const post = (session: Session, roomId: string, body: object) =>
    http().post(`/api/rooms/${roomId}/messages`).set(as(session)).send(body);
  const edit = (session: Session, messageId: string, body: unknown) =>
    http().patch(`/api/messages/${messageId}`).set(as(session)).send({ body });
  const remove = (session: Session, messageId: string) =>
    http().delete(`/api/messages/${messageId}`).set(as(session));
  const react = (session: Session, messageId: string, emoji: string, on = true) =>
    http()
      [on ? 'put' : 'delete'](`/api/messages/${messageId}/reactions/${encodeURIComponent(emoji)}`)
      .set(as(session));
  const revisions = (session: Session, messageId: string) =>
    http().get(`/api/messages/${messageId}/revisions`).set(as(session));
  const changes = (roomId: string, query = '') =>
    http().get(`/api/rooms/${roomId}/changes${query}`).set(as(alice));

  /** A public room of alice's (its owner), with bob and carol as members. */
  async function aRoom(): Promise<string> {
    const { id } = await client.createRoom(alice, aRoomName());
    await client.addMember(alice, id, bob);
    await client.addMember(alice, id, carol);
    return id;
  }

  const makeAdmin = (roomId: string, session: Session) =>
    http()
      .patch(`/api/rooms/${roomId}/members/${session.user.id}`)
      .set(as(alice))
      .send({ role: 'admin' })
      .expect(200);

  async function aMessage(session = alice, roomId?: string, body = 'hello'): Promise<Message> {
    const room = roomId ?? (await aRoom());
    return (await post(session, room, { body }).expect(201)).body as Message;
  }

  /** The message as history shows it. */
  async function stored(message: Message): Promise<Message> {
    const all = await client.allMessages(alice, message.roomId);
    return all.find((m) => m.id === message.id) as unknown as Message;
  }

  /** Rows read on a connection of the test's own, straight from the database file or schema. */
  async function rowsInDatabase(sql: string, parameters: unknown[]): Promise<unknown[]> {
    const database = testApp.config.database;
    if (database.type === 'sqlite') {
      const db = new Database(database.path, { readonly: true });
      try {
        return db.prepare(sql).all(...parameters);
      } finally {
        db.close();
      }
    }
    let rows: unknown[] = [];
    await withPostgres(async (pg) => {
      await pg.query(`SET search_path TO ${database.schema}`);
      let index = 0;
      rows = (
        await pg.query(
          sql.replace(/\?/g, () => `$${++index}`),
          parameters,
        )
      ).rows;
    });
    return rows;
  }

  describe('edit', () => {
    it('lets the sender change the body: new version, editedAt, and the new body in history', async () => {
      const original = await aMessage(alice, undefined, 'helo');
      const response = await edit(alice, original.id, '  hello  ').expect(200);

      expect(response.body).toEqual({
        ...original,
        body: 'hello',
        version: 1,
        editedAt: expect.stringMatching(/Z$/),
      });
      expect(await stored(original)).toEqual(response.body);
      expect(updates).toEqual([response.body]);
    });

    it('keeps every body: revisions list the original (at createdAt) first and the current last', async () => {
      const original = await aMessage(alice, undefined, 'one');
      await edit(alice, original.id, 'two').expect(200);
      const last = (await edit(alice, original.id, 'three').expect(200)).body as Message;

      const { body } = await revisions(alice, original.id).expect(200);
      expect(body).toEqual({
        revisions: [
          { body: 'one', editedAt: original.createdAt },
          { body: 'two', editedAt: expect.stringMatching(/Z$/) },
          { body: 'three', editedAt: last.editedAt },
        ],
      });
      expect(last.version).toBe(2);

      const untouched = await aMessage(alice, original.roomId, 'never edited');
      expect((await revisions(alice, untouched.id).expect(200)).body).toEqual({
        revisions: [{ body: 'never edited', editedAt: untouched.createdAt }],
      });
    });

    it('the same body changes nothing and answers the message as it is', async () => {
      const original = await aMessage(alice, undefined, 'same');
      const response = await edit(alice, original.id, ' same ').expect(200);

      expect(response.body).toEqual(original);
      expect(updates).toEqual([]);
      expect((await changes(original.roomId)).body).toEqual({ messages: [], hasMore: false });
    });

    it('refuses others (403), unknown and deleted messages (404), and bad input (400)', async () => {
      const message = await aMessage(alice);
      expect((await edit(bob, message.id, 'mine now').expect(403)).body).toEqual({
        statusCode: 403,
        message: expect.any(String),
        error: 'Forbidden',
      });
      await edit(alice, randomUUID(), 'x').expect(404);
      await edit(alice, 'not-a-uuid', 'x').expect(400);
      const blank = await edit(alice, message.id, '   ').expect(400);
      expect(blank.body.message).toEqual([expect.stringContaining('body')]);
      await edit(alice, message.id, 'x'.repeat(4001)).expect(400);
      await http()
        .patch(`/api/messages/${message.id}`)
        .set(as(alice))
        .send({ body: 'x', extra: 1 })
        .expect(400);

      await remove(alice, message.id).expect(204);
      await edit(alice, message.id, 'back again').expect(404);
      expect(await stored(message)).toMatchObject({ body: '', version: 1 });
    });

    it('revisions are for the sender and moderators only (others 403)', async () => {
      const message = await aMessage(alice);
      await revisions(bob, message.id).expect(403);
      await makeAdmin(message.roomId, bob);
      await revisions(bob, message.id).expect(200);
      await revisions(bob, randomUUID()).expect(404);
    });
  });

  describe('delete', () => {
    it('leaves a tombstone that keeps id, seq, sender, createdAt and clientMsgId', async () => {
      const roomId = await aRoom();
      const message = (
        await post(alice, roomId, { body: 'oops', clientMsgId: 'del-1' }).expect(201)
      ).body as Message;
      await react(bob, message.id, '👍').expect(200);

      await remove(alice, message.id).expect(204);

      const tombstone = await stored(message);
      expect(tombstone).toEqual({
        ...message,
        body: '',
        version: 2,
        deletedAt: expect.stringMatching(/Z$/),
        reactions: [],
        replyTo: null,
      });
      expect(updates.at(-1)).toEqual(tombstone);
      // Resending its clientMsgId still answers the stored (deleted) message.
      expect(
        (await post(alice, roomId, { body: 'oops', clientMsgId: 'del-1' }).expect(200)).body,
      ).toEqual(tombstone);
    });

    it('removes the body, its revisions and its reactions from the database', async () => {
      const message = await aMessage(alice, undefined, 'a secret draft');
      await edit(alice, message.id, 'a secret final').expect(200);
      await react(bob, message.id, '🎉').expect(200);

      await remove(alice, message.id).expect(204);

      expect(
        await rowsInDatabase('SELECT body, deleted_at FROM messages WHERE id = ?', [message.id]),
      ).toEqual([{ body: '', deleted_at: expect.anything() }]);
      expect(
        await rowsInDatabase('SELECT * FROM message_revisions WHERE message_id = ?', [message.id]),
      ).toEqual([]);
      expect(
        await rowsInDatabase('SELECT * FROM message_reactions WHERE message_id = ?', [message.id]),
      ).toEqual([]);
      expect(
        await rowsInDatabase(
          "SELECT id FROM messages WHERE body LIKE '%secret%' UNION ALL SELECT message_id FROM message_revisions WHERE body LIKE '%secret%'",
          [],
        ),
      ).toEqual([]);
    });

    it('deleting again succeeds and takes no new version', async () => {
      const message = await aMessage(alice);
      await remove(alice, message.id).expect(204);
      await remove(alice, message.id).expect(204);

      expect((await stored(message)).version).toBe(1);
      expect(updates).toHaveLength(1);
    });

    it('lets the room’s owners and admins delete anyone’s message; refuses everyone else', async () => {
      const message = await aMessage(alice);
      await remove(bob, message.id).expect(403);
      await remove(bob, randomUUID()).expect(404);
      await remove(bob, 'nope').expect(400);

      await makeAdmin(message.roomId, bob);
      await remove(bob, message.id).expect(204);
      expect((await stored(message)).deletedAt).not.toBeNull();
    });
  });

  describe('reactions', () => {
    it('sets and unsets with one emoji; emojis in order of first use, users in order', async () => {
      const message = await aMessage(alice);
      await react(bob, message.id, '👍').expect(200);
      await react(carol, message.id, '❤️').expect(200);
      const last = await react(alice, message.id, '👍').expect(200);

      expect(last.body).toEqual({
        ...message,
        version: 3,
        reactions: [
          { emoji: '👍', count: 2, userIds: [bob.user.id, alice.user.id] },
          { emoji: '❤️', count: 1, userIds: [carol.user.id] },
        ],
      });
      expect(await stored(message)).toEqual(last.body);

      // An emoji keeps its place while anyone keeps it, though its first user left.
      const unset = await react(bob, message.id, '👍', false).expect(200);
      expect(unset.body.version).toBe(4);
      expect(unset.body.reactions).toEqual([
        { emoji: '👍', count: 1, userIds: [alice.user.id] },
        { emoji: '❤️', count: 1, userIds: [carol.user.id] },
      ]);
      expect(await stored(message)).toEqual(unset.body);
      // Once nobody keeps it, it starts over at the end.
      await react(alice, message.id, '👍', false).expect(200);
      const again = await react(bob, message.id, '👍').expect(200);
      expect(again.body.reactions.map((r: { emoji: string }) => r.emoji)).toEqual(['❤️', '👍']);
      expect(await stored(message)).toEqual(again.body);
      expect(updates.map((m) => m.version)).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('setting what is set, or unsetting what is not, changes nothing', async () => {
      const message = await aMessage(alice);
      const first = (await react(bob, message.id, '🎉').expect(200)).body as Message;
      expect((await react(bob, message.id, '🎉').expect(200)).body).toEqual(first);
      expect((await react(bob, message.id, '😀', false).expect(200)).body).toEqual(first);
      expect(updates).toEqual([first]);
    });

    it('takes sequences as one emoji (flags, ZWJ families, skin tones) and refuses anything else', async () => {
      const message = await aMessage(alice);
      for (const emoji of ['🇫🇷', '👨‍👩‍👧‍👦', '👍🏽', '#️⃣']) await react(bob, message.id, emoji).expect(200);
      for (const emoji of ['a', '👍👍', ':+1:', '👍 ', '1']) {
        const refused = await react(bob, message.id, emoji).expect(400);
        expect(refused.body.message).toEqual([expect.stringContaining('emoji')]);
      }
      await react(bob, randomUUID(), '👍').expect(404);
      await react(bob, 'nope', '👍').expect(400);
    });

    it('a 21st different emoji is 400; more users of one already there are fine', async () => {
      const message = await aMessage(alice);
      const twenty = [...'😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙😚🙂🤗'];
      expect(twenty).toHaveLength(20);
      for (const emoji of twenty) await react(bob, message.id, emoji).expect(200);

      const refused = await react(bob, message.id, '🤔').expect(400);
      expect(refused.body).toEqual({
        statusCode: 400,
        message: [expect.stringContaining('20')],
        error: 'Bad Request',
      });
      await react(carol, message.id, '😀').expect(200);
      await react(bob, message.id, '🙂', false).expect(200);
      await react(carol, message.id, '🤔').expect(200);
    });

    it('a deleted message takes no reactions (404); non-members are refused (403)', async () => {
      const message = await aMessage(alice);
      const outsider = await client.signUp();
      await react(outsider, message.id, '👍').expect(403);

      await remove(alice, message.id).expect(204);
      await react(bob, message.id, '👍').expect(404);
      await react(bob, message.id, '👍', false).expect(404);
    });

    it('a private room’s messages are not found by outsiders; a banned member may not react', async () => {
      const { id: roomId } = await client.createRoom(alice, aRoomName(), '', 'private');
      await client.addMember(alice, roomId, bob);
      const message = await aMessage(bob, roomId);
      const outsider = carol;

      // 404, as for a message that does not exist: nothing tells an outsider it does.
      await edit(outsider, message.id, 'x').expect(404);
      await react(outsider, message.id, '👍').expect(404);
      await remove(outsider, message.id).expect(404);

      await http().put(`/api/rooms/${roomId}/bans/${bob.user.id}`).set(as(alice)).expect(204);
      await react(bob, message.id, '👍').expect(404);
      const publicRoom = await aRoom();
      const inPublic = await aMessage(bob, publicRoom);
      await http().put(`/api/rooms/${publicRoom}/bans/${bob.user.id}`).set(as(alice)).expect(204);
      await react(bob, inPublic.id, '👍').expect(403);
      // The room's owner still moderates what the banned member left.
      await remove(alice, inPublic.id).expect(204);
      expect(await stored(inPublic)).toMatchObject({ body: '', deletedAt: expect.any(String) });
      expect(updates.map((m) => m.id)).toEqual([inPublic.id]);
    });
  });

  describe('replies', () => {
    it('a reply carries replyTo, cut to 200 code points, composed when read', async () => {
      const roomId = await aRoom();
      const longBody = '😀'.repeat(150) + 'x'.repeat(100);
      const original = await aMessage(bob, roomId, longBody);

      const reply = (await post(alice, roomId, { body: 'yes', replyToId: original.id }).expect(201))
        .body as Message;

      const expected = {
        id: original.id,
        seq: original.seq,
        sender: original.sender,
        body: '😀'.repeat(150) + 'x'.repeat(50),
        deletedAt: null,
      };
      expect(reply.replyTo).toEqual(expected);
      expect((await stored(reply)).replyTo).toEqual(expected);

      await edit(bob, original.id, 'edited original').expect(200);
      expect((await stored(reply)).replyTo).toEqual({ ...expected, body: 'edited original' });
    });

    it('once the original is deleted, replyTo shows deletedAt and an empty body', async () => {
      const roomId = await aRoom();
      const original = await aMessage(bob, roomId, 'to be deleted');
      const reply = (
        await post(alice, roomId, { body: 'answer', replyToId: original.id }).expect(201)
      ).body as Message;
      await remove(bob, original.id).expect(204);

      const seen = await stored(reply);
      expect(seen.replyTo).toEqual({
        id: original.id,
        seq: original.seq,
        sender: original.sender,
        body: '',
        deletedAt: expect.stringMatching(/Z$/),
      });
      // A reaction on the reply reports the same composed replyTo.
      expect((await react(carol, reply.id, '👀').expect(200)).body.replyTo).toEqual(seen.replyTo);

      // A deleted reply quotes nothing.
      await remove(alice, reply.id).expect(204);
      expect((await stored(reply)).replyTo).toBeNull();
    });

    it('replyToId must be a message of the same room (else 400)', async () => {
      const roomId = await aRoom();
      const elsewhere = await aMessage(alice);
      for (const replyToId of [elsewhere.id, randomUUID(), 'not-a-uuid']) {
        const refused = await post(alice, roomId, { body: 'hi', replyToId }).expect(400);
        expect(refused.body.message).toEqual([expect.stringContaining('replyToId')]);
      }
      await post(alice, roomId, { body: 'hi', replyToId: null }).expect(201);
    });
  });

  describe('changes', () => {
    it('lists messages changed after a change number, in version order, page by page', async () => {
      const roomId = await aRoom();
      const [a, b, c] = [
        await aMessage(alice, roomId, 'a'),
        await aMessage(alice, roomId, 'b'),
        await aMessage(alice, roomId, 'c'),
      ];
      await react(bob, b.id, '👍').expect(200); // 1
      await edit(alice, a.id, 'a2').expect(200); // 2
      await react(bob, b.id, '👍', false).expect(200); // 3: b's latest
      await remove(alice, c.id).expect(204); // 4

      const all = await changes(roomId).expect(200);
      expect(all.body.hasMore).toBe(false);
      expect(all.body.messages.map((m: Message) => [m.id, m.version])).toEqual([
        [a.id, 2],
        [b.id, 3],
        [c.id, 4],
      ]);

      const first = await changes(roomId, '?after=0&limit=2').expect(200);
      expect(first.body.messages.map((m: Message) => m.version)).toEqual([2, 3]);
      expect(first.body.hasMore).toBe(true);
      const next = await changes(roomId, '?after=3&limit=2').expect(200);
      expect(next.body).toEqual({ messages: [all.body.messages[2]], hasMore: false });
      expect((await changes(roomId, '?after=4')).body).toEqual({ messages: [], hasMore: false });
    });

    it('refuses bad cursors and limits (400) and unknown rooms (404)', async () => {
      const roomId = await aRoom();
      for (const query of ['?after=-1', '?after=1.5', '?after=x', '?limit=0', '?limit=101']) {
        await changes(roomId, query).expect(400);
      }
      await changes(randomUUID()).expect(404);
      await changes('general').expect(400);
      await changes(roomId, '?limit=100').expect(200);
    });
  });

  describe('concurrency', () => {
    it('30 parallel reaction toggles from three users take change numbers 1..30, no gaps', async () => {
      const roomId = await aRoom();
      const messages = [await aMessage(alice, roomId), await aMessage(bob, roomId)];
      const users = [alice, bob, carol];
      const emojis = ['👍', '❤️', '😂', '🎉', '🔥'];
      // Every request is a real change: distinct (message, user, emoji) each time.
      const requests = Array.from({ length: 30 }, (_, i) =>
        react(users[i % 3], messages[i % 2].id, emojis[Math.floor(i / 6)]).expect(200),
      );
      const responses = await Promise.all(requests);

      const versions = responses.map((r) => (r.body as Message).version).sort((x, y) => x - y);
      expect(versions).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(updates.map((m) => m.version).sort((x, y) => x - y)).toEqual(versions);
      const finals = await Promise.all(messages.map(stored));
      expect(finals.map((m) => m.reactions.reduce((n, r) => n + r.count, 0))).toEqual([15, 15]);
      expect(Math.max(...finals.map((m) => m.version))).toBe(30);
    });

    it('concurrent edits, reactions, deletions and sends in one room: numbers exactly 1..N', async () => {
      const roomId = await aRoom();
      const mine = await Promise.all([1, 2, 3, 4].map((i) => aMessage(alice, roomId, `a${i}`)));
      const theirs = await Promise.all([1, 2, 3].map((i) => aMessage(bob, roomId, `b${i}`)));
      const doomed = await aMessage(bob, roomId, 'doomed');

      await Promise.all([
        ...mine.map((m, i) => edit(alice, m.id, `edited ${i}`).expect(200)),
        ...theirs.map((m, i) => edit(bob, m.id, `edited ${i}`).expect(200)),
        ...mine.map((m) => react(carol, m.id, '👍').expect(200)),
        ...theirs.map((m) => react(alice, m.id, '🎉').expect(200)),
        remove(bob, doomed.id).expect(204),
        post(carol, roomId, { body: 'new while changing' }).expect(201),
        post(carol, roomId, { body: 'and another' }).expect(201),
      ]);

      const count = 4 + 3 + 4 + 3 + 1;
      expect(updates.map((m) => m.version).sort((x, y) => x - y)).toEqual(
        Array.from({ length: count }, (_, i) => i + 1),
      );
      const listed = (await changes(roomId, '?limit=100')).body.messages as Message[];
      expect(listed.map((m) => m.id).sort()).toEqual(
        [...mine, ...theirs, doomed].map((m) => m.id).sort(),
      );
      expect(listed.at(-1)!.version).toBe(count);
      // Sends kept their own gap-free seqs alongside.
      expect((await client.allMessages(alice, roomId)).map((m) => m.seq)).toEqual(
        Array.from({ length: 10 }, (_, i) => i + 1),
      );
    });

    it('parallel edits of one message by its sender: one number each, the last commit wins', async () => {
      const message = await aMessage(alice);
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) => edit(alice, message.id, `take ${i}`).expect(200)),
      );
      const versions = responses.map((r) => (r.body as Message).version).sort((x, y) => x - y);
      expect(versions).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      const winner = responses.find((r) => r.body.version === 10)!.body as Message;
      expect(await stored(message)).toEqual(winner);
      expect((await revisions(alice, message.id)).body.revisions).toHaveLength(11);
    });
  });
});

describe('Message changes: rate limit (e2e)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ MESSAGE_RATE_BURST: '3', MESSAGE_RATE_PER_MINUTE: '100' });
  });
  afterAll(() => testApp.close());

  it('edits, reactions and deletions count against the sender’s message limit', async () => {
    const client = api(testApp);
    const alice = await client.signUp();
    const auth = { Authorization: `Bearer ${alice.accessToken}` };
    const room = await client.createRoom(alice, aRoomName());
    const { body: message } = await client
      .http()
      .post(`/api/rooms/${room.id}/messages`)
      .set(auth)
      .send({ body: 'one' })
      .expect(201);
    await client
      .http()
      .patch(`/api/messages/${message.id}`)
      .set(auth)
      .send({ body: 'two' })
      .expect(200);
    await client
      .http()
      .put(`/api/messages/${message.id}/reactions/%F0%9F%91%8D`)
      .set(auth)
      .expect(200);

    const limited = await client.http().delete(`/api/messages/${message.id}`).set(auth).expect(429);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
  });
});
