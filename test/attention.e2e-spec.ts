import type {
  Ack,
  ChatMessage,
  NotificationEvent,
  ReadEvent,
  ReadState,
} from '../src/realtime/chat-events';
import { aRoomName } from './builders/user.builder';
import { api, Session } from './helpers/api-client';
import {
  ChatClient,
  connectAs,
  eventually,
  quietPeriod,
  record,
  request,
  socketsOfEachTest,
} from './helpers/socket-client';
import { startTestApp, TestApp } from './helpers/test-app';

interface Membership {
  role: string;
  lastReadSeq: number;
  unread: number;
  mentions: number;
  notify: string;
}

describe('Attention: read markers, unread counts, mentions, notifications (e2e)', () => {
  let testApp: TestApp;
  let client: ReturnType<typeof api>;
  let alice: Session;
  let bob: Session;
  let carol: Session;
  let bobby: Session;
  const sockets = socketsOfEachTest();
  const suffix = String(process.pid % 100000);

  beforeAll(async () => {
    testApp = await startTestApp({
      MESSAGE_RATE_BURST: '100000',
      MESSAGE_RATE_PER_MINUTE: '100000',
      READ_RATE_PER_10S: '100000',
    });
    client = api(testApp);
    // bob's name is a prefix of bobby's: the longest member username wins.
    [alice, bob, carol, bobby] = await Promise.all([
      client.signUp({ username: `alice${suffix}` }),
      client.signUp({ username: `bob${suffix}` }),
      client.signUp({ username: `carol${suffix}` }),
      client.signUp({ username: `bob${suffix}by` }),
    ]);
  });
  afterAll(() => testApp.close());

  const as = (session: Session) => ({ Authorization: `Bearer ${session.accessToken}` });
  const http = () => client.http();
  const say = (session: Session, roomId: string, body: string) =>
    client.post(session, roomId, body);
  const edit = (session: Session, messageId: string, body: string) =>
    http().patch(`/api/messages/${messageId}`).set(as(session)).send({ body }).expect(200);
  const remove = (session: Session, messageId: string) =>
    http().delete(`/api/messages/${messageId}`).set(as(session)).expect(204);
  const markRead = (session: Session, roomId: string, seq: unknown) =>
    http().post(`/api/rooms/${roomId}/read`).set(as(session)).send({ seq });
  const setNotify = (session: Session, roomId: string, notify: string) =>
    http().patch(`/api/rooms/${roomId}/members/me`).set(as(session)).send({ notify }).expect(200);

  async function membershipOf(session: Session, roomId: string): Promise<Membership> {
    const one = await http().get(`/api/rooms/${roomId}`).set(as(session)).expect(200);
    const list = await http().get('/api/rooms?member=true').set(as(session)).expect(200);
    const listed = (list.body as { id: string; membership: Membership }[]).find(
      (room) => room.id === roomId,
    );
    // The list and the room agree.
    expect(listed?.membership).toEqual(one.body.membership);
    return one.body.membership as Membership;
  }

  async function counts(session: Session, roomId: string) {
    const { unread, mentions } = await membershipOf(session, roomId);
    return { unread, mentions };
  }

  /** A public room of alice's with bob, carol and bobby as members. */
  async function aRoom(kind: 'public' | 'private' = 'public'): Promise<string> {
    const { id } = await client.createRoom(alice, aRoomName(), undefined, kind);
    for (const member of [bob, carol, bobby]) await client.addMember(alice, id, member);
    return id;
  }

  async function connect(session: Session): Promise<ChatClient> {
    const socket = await connectAs(testApp, session);
    sockets.track(socket);
    return socket;
  }

  const names = (message: ChatMessage) => message.mentions.map((m) => m.username);

  describe('mentions on messages', () => {
    it('lists the members a body mentions, by the contract’s rule, on send and on every read path', async () => {
      const roomId = await aRoom();
      const cases: [string, string[]][] = [
        [`@${bob.user.username}.`, [bob.user.username]],
        [`hi @${bob.user.username}, there`, [bob.user.username]],
        [`@${bob.user.username}x`, []],
        [`x@${bob.user.username}.com`, []],
        [
          `@${bobby.user.username} and @${bob.user.username}`,
          [bob.user.username, bobby.user.username],
        ],
        [`@${bob.user.username.toUpperCase()}!`, [bob.user.username]],
        [`@${carol.user.username} @${carol.user.username}`, [carol.user.username]],
        ['no mention here', []],
      ];
      const sent: ChatMessage[] = [];
      for (const [body, expected] of cases) {
        const message = await say(alice, roomId, body);
        expect({ body, mentions: names(message) }).toEqual({ body, mentions: expected });
        expect(message.mentions[0]?.id).toBe(
          expected.length
            ? [bob, bobby, carol].find((u) => u.user.username === expected[0])!.user.id
            : undefined,
        );
        sent.push(message);
      }
      const history = await client.allMessages(alice, roomId);
      expect(history.map(names)).toEqual(sent.map(names));
      const newest = await http().get(`/api/rooms/${roomId}/messages`).set(as(bob)).expect(200);
      expect((newest.body.messages as ChatMessage[]).map(names)).toEqual(sent.map(names));
    });

    it('never mentions a non-member', async () => {
      const { id: roomId } = await client.createRoom(alice, aRoomName());
      const message = await say(alice, roomId, `hello @${bob.user.username}`);
      expect(message.mentions).toEqual([]);
    });

    it('mentions over a socket send too, and in message:new', async () => {
      const roomId = await aRoom();
      const socket = await connect(alice);
      await request(socket, 'room:join', { roomId });
      const live = record(socket, 'message:new');
      const reply = await request(socket, 'message:send', {
        roomId,
        body: `@${carol.user.username} look`,
      });
      expect(reply.ok).toBe(true);
      expect(reply.message.mentions).toEqual([
        { id: carol.user.id, username: carol.user.username },
      ]);
      await eventually(() => expect(live.map(names)).toEqual([[carol.user.username]]));
    });

    it('an edit replaces the mentions; a deletion empties them', async () => {
      const roomId = await aRoom();
      const message = await say(alice, roomId, `@${bob.user.username} hi`);
      const edited = (await edit(alice, message.id, `@${carol.user.username} hi`))
        .body as ChatMessage;
      expect(names(edited)).toEqual([carol.user.username]);
      const [stored] = await client.allMessages(alice, roomId);
      expect(names(stored)).toEqual([carol.user.username]);
      await remove(alice, message.id);
      const [tombstone] = await client.allMessages(alice, roomId);
      expect(tombstone.mentions).toEqual([]);
    });
  });

  describe('unread and mention counts', () => {
    it('counts others’ messages after the marker, never one’s own; mentions among them', async () => {
      const roomId = await aRoom();
      await say(alice, roomId, 'one');
      await say(alice, roomId, `two @${bob.user.username}`);
      await say(bob, roomId, `my own @${bob.user.username}`);
      await say(carol, roomId, `three @${bob.user.username}`);
      expect(await counts(bob, roomId)).toEqual({ unread: 3, mentions: 2 });
      expect(await counts(alice, roomId)).toEqual({ unread: 2, mentions: 0 });
      expect(await counts(bobby, roomId)).toEqual({ unread: 4, mentions: 0 });
    });

    it('counts exactly around the marker: one’s own and deleted messages before and after it', async () => {
      const roomId = await aRoom();
      const before = [
        await say(alice, roomId, 'a1'),
        await say(bob, roomId, 'b2'),
        await say(alice, roomId, 'a3'),
      ];
      await markRead(bob, roomId, 3).expect(200);
      const after = [
        await say(bob, roomId, 'b4'),
        await say(alice, roomId, 'a5'),
        await say(carol, roomId, `c6 @${bob.user.username}`),
        await say(bob, roomId, 'b7'),
        await say(alice, roomId, 'a8'),
        await say(alice, roomId, 'a9'),
      ];
      expect(await counts(bob, roomId)).toEqual({ unread: 4, mentions: 1 });
      // Deleting before the marker changes nothing; after it, others' messages leave the
      // count and one's own were never in it.
      await remove(alice, before[0].id);
      await remove(bob, before[1].id);
      expect(await counts(bob, roomId)).toEqual({ unread: 4, mentions: 1 });
      await remove(bob, after[0].id);
      await remove(alice, after[1].id);
      await remove(carol, after[2].id);
      expect(await counts(bob, roomId)).toEqual({ unread: 2, mentions: 0 });
      expect(await counts(carol, roomId)).toEqual({ unread: 4, mentions: 0 });
      await markRead(bob, roomId, 8).expect(200);
      expect(await counts(bob, roomId)).toEqual({ unread: 1, mentions: 0 });
    });

    it('a new member starts with nothing unread', async () => {
      const { id: roomId } = await client.createRoom(alice, aRoomName());
      await say(alice, roomId, 'before');
      await say(alice, roomId, 'before again');
      await client.addMember(alice, roomId, bob);
      expect(await membershipOf(bob, roomId)).toMatchObject({
        lastReadSeq: 2,
        unread: 0,
        mentions: 0,
      });
    });

    it('a deleted message leaves both counts', async () => {
      const roomId = await aRoom();
      await say(alice, roomId, 'plain');
      const mention = await say(alice, roomId, `@${bob.user.username} see`);
      expect(await counts(bob, roomId)).toEqual({ unread: 2, mentions: 1 });
      await remove(alice, mention.id);
      expect(await counts(bob, roomId)).toEqual({ unread: 1, mentions: 0 });
    });

    it('an edit that removes a mention takes it out of the count; one that adds it puts it in', async () => {
      const roomId = await aRoom();
      const message = await say(alice, roomId, `@${bob.user.username} see`);
      expect(await counts(bob, roomId)).toEqual({ unread: 1, mentions: 1 });
      await edit(alice, message.id, 'never mind');
      expect(await counts(bob, roomId)).toEqual({ unread: 1, mentions: 0 });
      await edit(alice, message.id, `@${bob.user.username} actually`);
      expect(await counts(bob, roomId)).toEqual({ unread: 1, mentions: 1 });
    });

    it('in a direct room every unread message counts as a mention', async () => {
      const { body: room } = await http()
        .post('/api/direct')
        .set(as(alice))
        .send({ userIds: [carol.user.id] })
        .expect((res) => expect([200, 201]).toContain(res.status));
      const before = await counts(carol, room.id);
      await say(alice, room.id, 'hi');
      await say(alice, room.id, 'there');
      expect(await counts(carol, room.id)).toEqual({
        unread: before.unread + 2,
        mentions: before.unread + 2,
      });
      expect((await membershipOf(carol, room.id)).notify).toBe('all');
    });

    it('stays exact past 999 unread, with own and deleted messages among them', async () => {
      const roomId = await aRoom();
      const socket = await connect(alice);
      await request(socket, 'room:join', { roomId });
      const sent: ChatMessage[] = [];
      for (let start = 0; start < 1050; start += 50) {
        const replies = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            request(socket, 'message:send', {
              roomId,
              body: (start + i) % 3 === 0 ? `@${bob.user.username} ${start + i}` : `${start + i}`,
            }),
          ),
        );
        sent.push(...replies.map((reply) => reply.message as ChatMessage));
      }
      expect(await counts(bob, roomId)).toEqual({ unread: 1050, mentions: 350 });
      // Bob's own messages never count; others' deleted ones leave; so do his own deleted ones.
      const own = await say(bob, roomId, 'mine');
      await say(bob, roomId, 'mine too');
      await remove(bob, own.id);
      await remove(alice, sent[0].id); // a mention
      await remove(alice, sent[1].id);
      expect(await counts(bob, roomId)).toEqual({ unread: 1048, mentions: 349 });
      expect(await counts(carol, roomId)).toEqual({ unread: 1049, mentions: 0 });
      expect((await markRead(bob, roomId, 1000).expect(200)).body).toEqual({
        lastReadSeq: 1000,
        unread: 50,
        mentions: 16,
      });
    });
  });

  describe('read markers', () => {
    it('POST …/read moves the marker forward only and answers the counts', async () => {
      const roomId = await aRoom();
      for (const body of ['1', `2 @${bob.user.username}`, '3', `4 @${bob.user.username}`]) {
        await say(alice, roomId, body);
      }
      const first = await markRead(bob, roomId, 2).expect(200);
      expect(first.body).toEqual({ lastReadSeq: 2, unread: 2, mentions: 1 });
      const lower = await markRead(bob, roomId, 1).expect(200);
      expect(lower.body).toEqual({ lastReadSeq: 2, unread: 2, mentions: 1 });
      const all = await markRead(bob, roomId, 4).expect(200);
      expect(all.body).toEqual({ lastReadSeq: 4, unread: 0, mentions: 0 });
      expect(await membershipOf(bob, roomId)).toMatchObject({
        lastReadSeq: 4,
        unread: 0,
        mentions: 0,
      });
    });

    it('refuses a seq above lastSeq (400), a bad seq (400), a non-member (403), an invisible room (404)', async () => {
      const roomId = await aRoom();
      await say(alice, roomId, 'one');
      const above = await markRead(bob, roomId, 2).expect(400);
      expect(JSON.stringify(above.body.message)).toContain('seq');
      await markRead(bob, roomId, -1).expect(400);
      await markRead(bob, roomId, 1.5).expect(400);
      await markRead(bob, roomId, '1').expect(400);
      await http().post(`/api/rooms/${roomId}/read`).set(as(bob)).send({}).expect(400);
      await http().post(`/api/rooms/not-a-uuid/read`).set(as(bob)).send({ seq: 0 }).expect(400);

      const { id: publicRoom } = await client.createRoom(alice, aRoomName());
      await markRead(bob, publicRoom, 0).expect(403);
      const { id: privateRoom } = await client.createRoom(alice, aRoomName(), undefined, 'private');
      await markRead(bob, privateRoom, 0).expect(404);
      await markRead(bob, '00000000-0000-4000-8000-000000000000', 0).expect(404);
      await http().post(`/api/rooms/${roomId}/read`).send({ seq: 0 }).expect(401);
    });

    it('room:read answers as REST does, and errors in the ack', async () => {
      const roomId = await aRoom();
      await say(alice, roomId, `@${bob.user.username}`);
      const socket = await connect(bob);
      expect(await request(socket, 'room:read', { roomId, seq: 2 })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
      expect(await request(socket, 'room:read', { roomId, seq: 'x' })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
      const { id: publicRoom } = await client.createRoom(alice, aRoomName());
      expect(await request(socket, 'room:read', { roomId: publicRoom, seq: 0 })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
      const { id: privateRoom } = await client.createRoom(alice, aRoomName(), undefined, 'private');
      expect(await request(socket, 'room:read', { roomId: privateRoom, seq: 0 })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
      expect(await request(socket, 'room:read', { roomId, seq: 1 })).toEqual({
        ok: true,
        lastReadSeq: 1,
        unread: 0,
        mentions: 0,
      });
    });

    it('sends read to every socket of the reader, joined or not, only when the marker moves', async () => {
      const roomId = await aRoom();
      await say(alice, roomId, `@${bob.user.username}`);
      await say(alice, roomId, 'two');
      const reader = await connect(bob);
      await request(reader, 'room:join', { roomId });
      const otherTab = await connect(bob);
      const someoneElse = await connect(carol);
      const inReader = record(reader, 'read');
      const inOtherTab = record(otherTab, 'read');
      const inSomeoneElse = record(someoneElse, 'read');

      await request(reader, 'room:read', { roomId, seq: 1 });
      const expected: ReadEvent = { roomId, lastReadSeq: 1, unread: 1, mentions: 0 };
      await eventually(() => expect(inOtherTab).toEqual([expected]));
      await eventually(() => expect(inReader).toEqual([expected]));

      // Over REST too; and a marker that does not move sends nothing.
      await markRead(bob, roomId, 1).expect(200);
      await markRead(bob, roomId, 2).expect(200);
      await eventually(() =>
        expect(inOtherTab).toEqual([expected, { roomId, lastReadSeq: 2, unread: 0, mentions: 0 }]),
      );
      await quietPeriod();
      expect(inOtherTab).toHaveLength(2);
      expect(inSomeoneElse).toEqual([]);
    });
  });

  describe('read markers moved at once', () => {
    /** alice's 8 messages; bob is mentioned in 2, 5 and 7. */
    async function aRoomOfEight(): Promise<string> {
      const roomId = await aRoom();
      for (let seq = 1; seq <= 8; seq++) {
        const mentionsBob = [2, 5, 7].includes(seq);
        await say(alice, roomId, mentionsBob ? `${seq} @${bob.user.username}` : `${seq}`);
      }
      return roomId;
    }

    /** What bob's marker at `lastReadSeq` leaves unread in aRoomOfEight. */
    const bobsStateAt = (lastReadSeq: number) => ({
      lastReadSeq,
      unread: 8 - lastReadSeq,
      mentions: [2, 5, 7].filter((seq) => seq > lastReadSeq).length,
    });

    it('reads racing from several tabs of one user end at the highest; each answer is a state at or past its own seq', async () => {
      const roomId = await aRoomOfEight();
      const tabs = await Promise.all([1, 2, 3, 4].map(() => connect(bob)));
      const heard = tabs.map((tab) => record(tab, 'read'));

      const rounds = [
        { socketSeqs: [3, 6, 2, 6], restSeq: 5, highest: 6 },
        { socketSeqs: [4, 8, 7, 1], restSeq: 2, highest: 8 },
      ];
      for (const { socketSeqs, restSeq, highest } of rounds) {
        const [restReply, ...acks] = await Promise.all([
          markRead(bob, roomId, restSeq).expect(200),
          ...socketSeqs.map((seq, i) => request(tabs[i], 'room:read', { roomId, seq })),
        ]);
        const answers = [
          { seq: restSeq, reply: { ok: true, ...(restReply.body as ReadState) } as Ack<ReadState> },
          ...acks.map((ack, i) => ({ seq: socketSeqs[i], reply: ack as Ack<ReadState> })),
        ];
        for (const { seq, reply } of answers) {
          // Never behind what this caller asked for, never past what anyone asked for, and
          // the counts are those of the marker answered.
          if (!reply.ok) throw new Error(`read of ${seq} refused: ${reply.error.message}`);
          expect(reply.lastReadSeq).toBeGreaterThanOrEqual(seq);
          expect(reply.lastReadSeq).toBeLessThanOrEqual(highest);
          expect(reply).toEqual({ ok: true, ...bobsStateAt(reply.lastReadSeq) });
        }
        expect(await membershipOf(bob, roomId)).toMatchObject(bobsStateAt(highest));
      }

      // Every tab heard the same moves, ending at the highest, each with its own counts.
      const last: ReadEvent = { roomId, ...bobsStateAt(8) };
      await eventually(() => heard.forEach((events) => expect(events.at(-1)).toEqual(last)));
      for (const events of heard) {
        expect(events).toEqual(heard[0]);
        for (const event of events)
          expect(event).toEqual({ roomId, ...bobsStateAt(event.lastReadSeq) });
      }

      // Forward only: a lower seq from any tab answers the marker and moves nothing.
      const eventsBefore = heard[0].length;
      const lower = await Promise.all(
        tabs.map((tab) => request(tab, 'room:read', { roomId, seq: 5 })),
      );
      for (const ack of lower) expect(ack).toEqual({ ok: true, ...bobsStateAt(8) });
      await quietPeriod();
      expect(heard.map((events) => events.length)).toEqual([1, 2, 3, 4].map(() => eventsBefore));
    });

    it('readers in different rooms at once each get their own state', async () => {
      const rooms = await Promise.all([aRoomOfEight(), aRoomOfEight(), aRoomOfEight()]);
      const readers = [bob, carol, bobby];
      const sockets = await Promise.all(readers.map((reader) => connect(reader)));
      const reads = rooms.flatMap((roomId, r) =>
        readers.map((reader, u) => ({
          roomId,
          reader,
          socket: sockets[u],
          seq: 1 + ((r * 3 + u) % 8),
        })),
      );
      const acks = await Promise.all(
        reads.map(({ roomId, socket, seq }) => request(socket, 'room:read', { roomId, seq })),
      );
      acks.forEach((ack, i) => {
        const { reader, seq } = reads[i];
        const mentions = reader === bob ? bobsStateAt(seq).mentions : 0;
        expect(ack).toEqual({ ok: true, lastReadSeq: seq, unread: 8 - seq, mentions });
      });
    });

    it('a non-member’s read among members’ reads gets its error; the members’ reads succeed', async () => {
      const roomId = await aRoomOfEight();
      const { id: privateRoom } = await client.createRoom(alice, aRoomName(), undefined, 'private');
      const outsider = await client.signUp();
      const [bobTab, bobbyTab, outsiderTab] = await Promise.all([
        connect(bob),
        connect(bobby),
        connect(outsider),
      ]);
      const inBobTab = record(bobTab, 'read');

      const [bobAck, bobbyAck, notMember, cannotSee, noRoom, aboveLast, restAbove] =
        await Promise.all([
          request(bobTab, 'room:read', { roomId, seq: 4 }),
          request(bobbyTab, 'room:read', { roomId, seq: 8 }),
          request(outsiderTab, 'room:read', { roomId, seq: 1 }),
          request(bobTab, 'room:read', { roomId: privateRoom, seq: 0 }),
          request(bobTab, 'room:read', { roomId: '00000000-0000-4000-8000-000000000000', seq: 0 }),
          request(bobbyTab, 'room:read', { roomId, seq: 9 }),
          markRead(outsider, roomId, 2),
        ]);
      expect(bobAck).toEqual({ ok: true, ...bobsStateAt(4) });
      expect(bobbyAck).toEqual({ ok: true, lastReadSeq: 8, unread: 0, mentions: 0 });
      expect(notMember).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(cannotSee).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(noRoom).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(aboveLast).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(restAbove.status).toBe(403);
      await eventually(() => expect(inBobTab).toEqual([{ roomId, ...bobsStateAt(4) }]));
      expect(await membershipOf(bobby, roomId)).toMatchObject({ lastReadSeq: 8, unread: 0 });
    });
  });

  describe('notifications', () => {
    async function inboxes() {
      const [a, b, c, bb] = await Promise.all([alice, bob, carol, bobby].map(connect));
      return {
        alice: record(a, 'notification'),
        bob: record(b, 'notification'),
        carol: record(c, 'notification'),
        bobby: record(bb, 'notification'),
      };
    }
    const summary = (events: NotificationEvent[]) =>
      events.map((event) => `${event.reason}:${event.message.body}`);

    it('follows each member’s notify level; never the sender; sockets need not join the room', async () => {
      const roomId = await aRoom();
      await setNotify(carol, roomId, 'all');
      await setNotify(bobby, roomId, 'none');
      const box = await inboxes();

      await say(alice, roomId, 'plain');
      await say(alice, roomId, `hey @${bob.user.username}`);
      await say(alice, roomId, `hey @${bobby.user.username}`);
      await say(bob, roomId, `from bob @${bob.user.username}`);

      await eventually(() => {
        expect(summary(box.bob)).toEqual([`mention:hey @${bob.user.username}`]);
        expect(summary(box.carol)).toEqual([
          'message:plain',
          `message:hey @${bob.user.username}`,
          `message:hey @${bobby.user.username}`,
          `message:from bob @${bob.user.username}`,
        ]);
      });
      await quietPeriod();
      expect(box.bobby).toEqual([]);
      expect(box.alice).toEqual([]);
      expect(box.bob).toHaveLength(1);
      const [event] = box.bob;
      expect(event.roomId).toBe(roomId);
      expect(event.message.mentions).toEqual([{ id: bob.user.id, username: bob.user.username }]);
    });

    it('a mention reaches a member at notify all as a mention', async () => {
      const roomId = await aRoom();
      await setNotify(carol, roomId, 'all');
      const box = await inboxes();
      await say(alice, roomId, `@${carol.user.username} look`);
      await eventually(() =>
        expect(summary(box.carol)).toEqual([`mention:@${carol.user.username} look`]),
      );
    });

    it('direct rooms notify every message (reason direct) unless muted', async () => {
      const { body: room } = await http()
        .post('/api/direct')
        .set(as(bob))
        .send({ userIds: [carol.user.id, bobby.user.id] })
        .expect(201);
      await setNotify(bobby, room.id, 'none');
      const box = await inboxes();
      await say(bob, room.id, 'psst');
      await eventually(() => expect(summary(box.carol)).toEqual(['direct:psst']));
      await quietPeriod();
      expect(box.bobby).toEqual([]);
      expect(box.bob).toEqual([]);
    });

    it('a mention in a direct room reaches the one mentioned as a mention, the others as direct', async () => {
      const { body: room } = await http()
        .post('/api/direct')
        .set(as(alice))
        .send({ userIds: [carol.user.id, bobby.user.id] })
        .expect(201);
      const box = await inboxes();
      await say(alice, room.id, `@${carol.user.username} a word`);
      await eventually(() => {
        expect(summary(box.carol)).toEqual([`mention:@${carol.user.username} a word`]);
        expect(summary(box.bobby)).toEqual([`direct:@${carol.user.username} a word`]);
      });
      await quietPeriod();
      expect(box.carol).toHaveLength(1);
      expect(box.alice).toEqual([]);
      // Counted once either way: every message of a direct room is a mention.
      const { body: seen } = await http().get(`/api/rooms/${room.id}`).set(as(carol)).expect(200);
      expect(seen.membership).toMatchObject({ unread: 1, mentions: 1 });
    });

    it('an edit notifies only the newly mentioned', async () => {
      const roomId = await aRoom();
      const box = await inboxes();
      const message = await say(alice, roomId, `@${bob.user.username} first`);
      await eventually(() => expect(box.bob).toHaveLength(1));
      await edit(alice, message.id, `@${bob.user.username} @${carol.user.username} second`);
      await eventually(() =>
        expect(summary(box.carol)).toEqual([
          `mention:@${bob.user.username} @${carol.user.username} second`,
        ]),
      );
      await edit(alice, message.id, `@${carol.user.username} third`);
      await quietPeriod();
      expect(box.bob).toHaveLength(1);
      expect(box.carol).toHaveLength(1);
    });
  });

  // Last: a second app on this machine renews the signing key the sessions above use.
  describe('rate limits', () => {
    it('rate-limits marker writes', async () => {
      const limited = await startTestApp({ READ_RATE_PER_10S: '2' });
      try {
        const limitedApi = api(limited);
        const user = await limitedApi.signUp();
        const { id } = await limitedApi.createRoom(user, aRoomName());
        const mark = () =>
          limitedApi.http().post(`/api/rooms/${id}/read`).set(as(user)).send({ seq: 0 });
        await mark().expect(200);
        await mark().expect(200);
        const refused = await mark().expect(429);
        expect(refused.headers['retry-after']).toBeDefined();
      } finally {
        await limited.close();
      }
    });
  });
});
