import { randomUUID } from 'node:crypto';
import { v7 as timeOrderedUuid } from 'uuid';
import { MessageWriter, NewMessage } from '../src/messages/message-writer';
import type { ChatMessage as Message } from '../src/realtime/chat-events';
import { aRoomName } from './builders/user.builder';
import { api, Session } from './helpers/api-client';
import { startTestApp, TestApp } from './helpers/test-app';

describe('Messages (e2e)', () => {
  let testApp: TestApp;
  let client: ReturnType<typeof api>;
  let alice: Session;
  let bob: Session;

  beforeAll(async () => {
    // Limits raised: these tests post far faster than a person, except the one that tests the limit.
    testApp = await startTestApp({
      MESSAGE_RATE_BURST: '100000',
      MESSAGE_RATE_PER_MINUTE: '100000',
    });
    client = api(testApp);
    [alice, bob] = await Promise.all([client.signUp(), client.signUp()]);
  });
  afterAll(() => testApp.close());

  const as = (session: Session) => ({ Authorization: `Bearer ${session.accessToken}` });
  const post = (session: Session, roomId: string, body: object) =>
    client.http().post(`/api/rooms/${roomId}/messages`).set(as(session)).send(body);
  const page = (roomId: string, query = '') =>
    client.http().get(`/api/rooms/${roomId}/messages${query}`).set(as(alice));

  async function roomWith(count: number): Promise<string> {
    const room = await client.createRoom(alice, aRoomName());
    for (let i = 1; i <= count; i++)
      await post(alice, room.id, { body: `message ${i}` }).expect(201);
    return room.id;
  }

  it('stores a message with trimmed body, sender, seq and time, and answers 201', async () => {
    const room = await client.createRoom(alice, aRoomName());
    const response = await post(bob, room.id, {
      body: '  hello\n  world  ',
      clientMsgId: 'c-1',
    }).expect(201);

    expect(response.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      roomId: room.id,
      seq: 1,
      body: 'hello\n  world',
      sender: {
        id: bob.user.id,
        username: bob.user.username,
        displayName: bob.user.username,
        avatarUrl: null,
      },
      clientMsgId: 'c-1',
      createdAt: expect.stringMatching(/Z$/),
      version: 0,
      editedAt: null,
      deletedAt: null,
      replyTo: null,
      mentions: [],
      reactions: [],
      files: [],
    });
    const stored = await page(room.id).expect(200);
    expect(stored.body).toEqual({ messages: [response.body], hasMore: false });
  });

  it('a repeated clientMsgId returns the stored message with 200, whatever the new body', async () => {
    const room = await client.createRoom(alice, aRoomName());
    const first = await post(alice, room.id, { body: 'once', clientMsgId: 'same' }).expect(201);
    const again = await post(alice, room.id, { body: 'different', clientMsgId: 'same' }).expect(
      200,
    );

    expect(again.body).toEqual(first.body);
    expect((await page(room.id)).body.messages).toHaveLength(1);
    // The key belongs to its sender: Bob may use the same one.
    await post(bob, room.id, { body: 'mine', clientMsgId: 'same' }).expect(201);
  });

  it('posts without clientMsgId (or with null) are each stored', async () => {
    const room = await client.createRoom(alice, aRoomName());
    await post(alice, room.id, { body: 'a' }).expect(201);
    await post(alice, room.id, { body: 'b', clientMsgId: null }).expect(201);
    await post(alice, room.id, { body: 'c', clientMsgId: null }).expect(201);
    expect((await page(room.id)).body.messages.map((m: Message) => m.body)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('200 concurrent posts to one room get seqs exactly 1..200, none lost or doubled', async () => {
    const room = await client.createRoom(alice, aRoomName());
    const senders = [alice, bob];
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        post(senders[i % 2], room.id, { body: `m${i}`, clientMsgId: `burst-${i}` }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(200).fill(201));
    expect(replies.map((r) => r.body.seq).sort((a, b) => a - b)).toEqual(range(1, 200));

    const stored = await client.allMessages(alice, room.id);
    expect(stored.map((m) => m.seq)).toEqual(range(1, 200));
    expect(new Set(stored.map((m) => m.body)).size).toBe(200);
    expect((await client.http().get(`/api/rooms/${room.id}`).set(as(alice))).body.lastSeq).toBe(
      200,
    );
  });

  it('posts and edits racing across many rooms: each room’s seqs and change numbers without gaps', async () => {
    // Groups that span many rooms take the rooms' locks together; on PostgreSQL several groups
    // commit at once, and none may deadlock, lose a write or leave a gap.
    const rooms = await Promise.all(
      Array.from({ length: 8 }, () => client.createRoom(alice, aRoomName())),
    );
    const firsts = await Promise.all(
      rooms.map((room) => post(alice, room.id, { body: 'first' }).expect(201)),
    );
    const edit = (messageId: string, body: string) =>
      client.http().patch(`/api/messages/${messageId}`).set(as(alice)).send({ body });
    const writes = rooms.flatMap((room, r) =>
      Array.from({ length: 12 }, (_, i) =>
        i % 4 === 3
          ? edit(firsts[r].body.id, `first, edit ${i}`)
          : post([alice, bob][i % 2], room.id, { body: `m${i}` }),
      ),
    );
    const replies = await Promise.all(writes);
    expect(replies.filter((reply) => reply.status >= 300)).toEqual([]);

    for (const room of rooms) {
      const stored = await client.allMessages(alice, room.id);
      expect(stored.map((m) => m.seq)).toEqual(range(1, 10));
      const { body: changes } = await client
        .http()
        .get(`/api/rooms/${room.id}/changes?after=0`)
        .set(as(alice))
        .expect(200);
      expect(changes.messages.map((m: Message) => m.version)).toEqual([3]);
    }
  });

  it('the same clientMsgId posted concurrently creates one message', async () => {
    const room = await client.createRoom(alice, aRoomName());
    const replies = await Promise.all(
      Array.from({ length: 10 }, () =>
        post(alice, room.id, { body: 'racing', clientMsgId: 'race' }),
      ),
    );
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 200)).toHaveLength(9);
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    const after = await post(alice, room.id, { body: 'next' }).expect(201);
    expect(after.body.seq).toBe(2);
  });

  describe('paging', () => {
    let roomId: string;
    beforeAll(async () => {
      roomId = await roomWith(7);
    });

    it('no cursor: the newest page, ascending, hasMore when older exist', async () => {
      const response = await page(roomId, '?limit=3').expect(200);
      expect(response.body.messages.map((m: Message) => m.seq)).toEqual([5, 6, 7]);
      expect(response.body.hasMore).toBe(true);
      expect((await page(roomId)).body).toMatchObject({ hasMore: false });
      expect((await page(roomId)).body.messages).toHaveLength(7);
    });

    it('before: the page just older than the cursor', async () => {
      expect((await page(roomId, '?before=5&limit=3')).body).toMatchObject({
        messages: [{ seq: 2 }, { seq: 3 }, { seq: 4 }],
        hasMore: true,
      });
      expect((await page(roomId, '?before=4&limit=3')).body).toMatchObject({
        messages: [{ seq: 1 }, { seq: 2 }, { seq: 3 }],
        hasMore: false,
      });
      expect((await page(roomId, '?before=1')).body).toEqual({ messages: [], hasMore: false });
    });

    it('after: the page just newer than the cursor', async () => {
      expect((await page(roomId, '?after=2&limit=3')).body).toMatchObject({
        messages: [{ seq: 3 }, { seq: 4 }, { seq: 5 }],
        hasMore: true,
      });
      expect((await page(roomId, '?after=4&limit=3')).body).toMatchObject({
        messages: [{ seq: 5 }, { seq: 6 }, { seq: 7 }],
        hasMore: false,
      });
      expect((await page(roomId, '?after=7')).body).toEqual({ messages: [], hasMore: false });
      expect((await page(roomId, '?after=0&limit=100')).body.messages).toHaveLength(7);
    });

    it.each([
      ['?before=3&after=1', 'before and after cannot be used together'],
      ['?before=-1', 'before must be a non-negative integer'],
      ['?after=1.5', 'after must be a non-negative integer'],
      ['?after=', 'after must be a non-negative integer'],
      ['?before=abc', 'before must be a non-negative integer'],
      ['?limit=0', 'limit must be an integer between 1 and 100'],
      ['?limit=101', 'limit must be an integer between 1 and 100'],
      ['?cursor=3', 'property cursor should not exist'],
    ])('refuses %s with 400', async (query, message) => {
      const response = await page(roomId, query).expect(400);
      expect(response.body.message).toContain(message);
    });
  });

  it.each([
    ['an empty body', { body: '' }, 'body'],
    ['a blank body', { body: ' \n\t ' }, 'body'],
    ['a body of 4001 characters', { body: 'x'.repeat(4001) }, 'body'],
    ['a body that is not a string', { body: ['x'] }, 'body'],
    ['an empty clientMsgId', { body: 'x', clientMsgId: '' }, 'clientMsgId'],
    ['a clientMsgId of 65 characters', { body: 'x', clientMsgId: 'k'.repeat(65) }, 'clientMsgId'],
    ['a numeric clientMsgId', { body: 'x', clientMsgId: 7 }, 'clientMsgId'],
    ['an unknown field', { body: 'x', roomId: 'y' }, 'roomId'],
  ])('refuses %s with 400 naming the field', async (_case, body, field) => {
    const room = await client.createRoom(alice, aRoomName());
    const response = await post(alice, room.id, body).expect(400);
    expect(response.body.message.join(' ')).toContain(field);
  });

  it('counts the body in code points: 4000 emoji are accepted and kept whole', async () => {
    const room = await client.createRoom(alice, aRoomName());
    const body = '🎉'.repeat(4000);
    const response = await post(alice, room.id, { body }).expect(201);
    expect(response.body.body).toBe(body);
    await post(alice, room.id, { body: body + '🎉' }).expect(400);
  });

  it('a group of sends to several rooms, with repeats, a stored clientMsgId, an unknown room and mentions, is stored as if each were sent alone', async () => {
    const [first, second] = await Promise.all([
      client.createRoom(alice, aRoomName()),
      client.createRoom(alice, aRoomName()),
    ]);
    for (const room of [first, second]) {
      await client
        .http()
        .post(`/api/rooms/${room.id}/members`)
        .set(as(alice))
        .send({ userId: bob.user.id })
        .expect(201);
    }
    const stored = `stored-${randomUUID()}`;
    const fresh = `fresh-${randomUUID()}`;
    await post(alice, first.id, { body: 'before', clientMsgId: stored }).expect(201);
    const mentionsBob = [{ id: bob.user.id, username: bob.user.username }];
    const draft = (roomId: string, body: string, fields: Partial<NewMessage> = {}): NewMessage => ({
      kind: 'new-message',
      id: timeOrderedUuid(),
      roomId,
      body,
      senderId: alice.user.id,
      clientMsgId: null,
      createdAt: new Date(),
      ...fields,
    });
    const writer = testApp.app.get(MessageWriter);

    // Written in the same tick: one group.
    const outcomes = await Promise.all([
      writer.write(draft(first.id, 'one')),
      writer.write(draft(second.id, 'two @bob', { mentions: mentionsBob })),
      writer.write(draft(first.id, 'again', { clientMsgId: stored })),
      writer.write(draft(randomUUID(), 'nowhere')),
      writer.write(draft(first.id, 'three @bob', { clientMsgId: fresh, mentions: mentionsBob })),
      writer.write(draft(first.id, 'three, resent', { clientMsgId: fresh })),
      writer.write(draft(second.id, 'four')),
    ]);

    expect(outcomes).toEqual([
      { kind: 'inserted', seq: 2 },
      { kind: 'inserted', seq: 1 },
      { kind: 'duplicate' },
      { kind: 'no-room' },
      { kind: 'inserted', seq: 3 },
      { kind: 'duplicate' },
      { kind: 'inserted', seq: 2 },
    ]);
    const stored1 = (await page(first.id).expect(200)).body.messages as Message[];
    expect(stored1.map((m) => [m.seq, m.body])).toEqual([
      [1, 'before'],
      [2, 'one'],
      [3, 'three @bob'],
    ]);
    const stored2 = (await page(second.id).expect(200)).body.messages as Message[];
    expect(stored2.map((m) => [m.seq, m.body])).toEqual([
      [1, 'two @bob'],
      [2, 'four'],
    ]);
    const { body: rooms } = await client.http().get('/api/rooms?member=true').set(as(bob));
    const counts = (id: string) => {
      const { lastSeq, membership } = rooms.find((room: { id: string }) => room.id === id);
      return { lastSeq, unread: membership.unread, mentions: membership.mentions };
    };
    expect(counts(first.id)).toEqual({ lastSeq: 3, unread: 3, mentions: 1 });
    expect(counts(second.id)).toEqual({ lastSeq: 2, unread: 2, mentions: 1 });
  });

  it('answers 404 for an unknown room and 400 for a malformed id, on both routes', async () => {
    await post(alice, randomUUID(), { body: 'x' }).expect(404);
    await page(randomUUID()).expect(404);
    await post(alice, 'nope', { body: 'x' }).expect(400);
    await page('nope').expect(400);
  });

  it('requires a token', async () => {
    const room = await client.createRoom(alice, aRoomName());
    await client.http().get(`/api/rooms/${room.id}/messages`).expect(401);
    await client.http().post(`/api/rooms/${room.id}/messages`).send({ body: 'x' }).expect(401);
  });

  it('limits how fast one user posts (429 with Retry-After), not the others', async () => {
    const limited = await startTestApp({ MESSAGE_RATE_BURST: '3' });
    try {
      const other = api(limited);
      const [carol, dave] = await Promise.all([other.signUp(), other.signUp()]);
      const room = await other.createRoom(carol, aRoomName());
      const send = (session: Session, clientMsgId: string) =>
        other
          .http()
          .post(`/api/rooms/${room.id}/messages`)
          .set(as(session))
          .send({ body: 'spam', clientMsgId });

      for (const key of ['1', '2', '3']) await send(carol, key).expect(201);
      const refused = await send(carol, '4').expect(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // Retrying a message already stored is not a new send and is not refused.
      await send(carol, '3').expect(200);
      await send(dave, 'd1').expect(201);
    } finally {
      await limited.close();
    }
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
