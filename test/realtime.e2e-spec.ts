import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { Manager } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { SessionEntity } from '../src/accounts/session.entity';
import type { ChatMessage } from '../src/realtime/chat-events';
import { aRoomName } from './builders/user.builder';
import { api, Session } from './helpers/api-client';
import {
  connectAs,
  eventually,
  presenceViewOf,
  quietPeriod,
  record,
  request as ask,
  socketsOfEachTest,
  sendAllAtOnceAndCheckDelivery,
  socketFor,
} from './helpers/socket-client';
import { startTestApp, TestApp } from './helpers/test-app';

describe('Realtime gateway (e2e)', () => {
  let testApp: TestApp;
  let client: ReturnType<typeof api>;
  let alice: Session;
  let bob: Session;
  const sockets = socketsOfEachTest();

  beforeAll(async () => {
    testApp = await startTestApp({
      MESSAGE_RATE_BURST: '100000',
      MESSAGE_RATE_PER_MINUTE: '100000',
    });
    client = api(testApp);
    [alice, bob] = await Promise.all([client.signUp(), client.signUp()]);
  });
  afterAll(() => testApp.close());

  const connect = (session: Session) => sockets.open(testApp, session);
  const joined = (session: Session, roomId: string, afterSeq?: number) =>
    sockets.open(testApp, session, roomId, { afterSeq });

  const newRoom = () => client.createRoom(alice, aRoomName());
  const postRest = (session: Session, roomId: string, body: string) =>
    request(testApp.url)
      .post(`/api/rooms/${roomId}/messages`)
      .set('Authorization', `Bearer ${session.accessToken}`)
      .send({ body })
      .expect(201);

  describe('handshake', () => {
    async function connectError(token?: string, headers?: Record<string, string>): Promise<string> {
      const socket = socketFor(testApp, token);
      if (headers) socket.io.opts.extraHeaders = headers;
      sockets.track(socket);
      return new Promise((resolve, reject) => {
        socket.once('connect', () => reject(new Error('connected')));
        socket.once('connect_error', (error) => resolve(error.message));
        socket.connect();
      });
    }

    it('refuses a missing, malformed, wrongly signed or expired token with "unauthorized"', async () => {
      const secret = testApp.config.auth.jwtSecret;
      const claims = JSON.parse(
        Buffer.from(alice.accessToken.split('.')[1], 'base64url').toString(),
      );
      const expired = new JwtService().sign({ ...claims, iat: 1, exp: 2 }, { secret });
      const wrongKey = new JwtService().sign(
        { sub: claims.sub, sid: claims.sid },
        { secret: 'k'.repeat(40) },
      );

      for (const token of [undefined, '', 'garbage', expired, wrongKey]) {
        expect(await connectError(token)).toBe('unauthorized');
      }
    });

    it('accepts the token from auth.token or from an Authorization header', async () => {
      const socket = await connect(alice);
      expect(socket.connected).toBe(true);

      const viaHeader = socketFor(testApp);
      viaHeader.io.opts.extraHeaders = { Authorization: `Bearer ${alice.accessToken}` };
      sockets.track(viaHeader);
      await new Promise<void>((resolve, reject) => {
        viaHeader.once('connect', resolve);
        viaHeader.once('connect_error', reject);
        viaHeader.connect();
      });
    });

    it('refuses the token of a session that logged out', async () => {
      const carol = await client.signUp();
      await request(testApp.url)
        .post('/api/auth/logout')
        .set('Authorization', `Bearer ${carol.accessToken}`)
        .expect(204);
      expect(await connectError(carol.accessToken)).toBe('unauthorized');
    });
  });

  describe('room:join', () => {
    it('answers with the room, who is there, and no catch-up without afterSeq and afterChange', async () => {
      const room = await newRoom();
      const socket = await connect(alice);
      const reply = await ask(socket, 'room:join', { roomId: room.id });

      expect(reply).toEqual({
        ok: true,
        room: expect.objectContaining({ id: room.id, name: room.name, lastSeq: 0 }),
        users: [
          {
            id: alice.user.id,
            username: alice.user.username,
            createdAt: alice.user.createdAt,
            displayName: alice.user.username,
            avatarUrl: null,
          },
        ],
        missed: [],
        hasMore: false,
        changed: [],
        changedHasMore: false,
      });
      expect(JSON.stringify(reply)).not.toContain(alice.user.email);
    });

    it('is idempotent: joining again answers as the first time and tells nobody', async () => {
      const room = await newRoom();
      const watcher = await joined(bob, room.id);
      const presence = record(watcher, 'presence');
      const socket = await joined(alice, room.id);
      await eventually(() => expect(presence).toHaveLength(1));

      const again = await ask(socket, 'room:join', { roomId: room.id });
      expect(again).toMatchObject({ ok: true, missed: [], hasMore: false });
      expect(again.users.map((u: { id: string }) => u.id).sort()).toEqual(
        [alice.user.id, bob.user.id].sort(),
      );
      await quietPeriod();
      expect(presence).toHaveLength(1);
    });

    it('with afterSeq returns the messages after it, oldest first, 100 at most', async () => {
      const room = await newRoom();
      for (let i = 1; i <= 103; i++) await postRest(alice, room.id, `m${i}`);
      const socket = await connect(bob);

      const few = await ask(socket, 'room:join', { roomId: room.id, afterSeq: 100 });
      expect(few.missed.map((m: ChatMessage) => m.seq)).toEqual([101, 102, 103]);
      expect(few.hasMore).toBe(false);

      const many = await ask(socket, 'room:join', { roomId: room.id, afterSeq: 0 });
      expect(many.missed.map((m: ChatMessage) => m.seq)).toEqual(
        Array.from({ length: 100 }, (_, i) => i + 1),
      );
      expect(many.hasMore).toBe(true);
    });

    it('answers NOT_FOUND for a room that does not exist and VALIDATION for a malformed id', async () => {
      const socket = await connect(alice);
      expect(await ask(socket, 'room:join', { roomId: randomUUID() })).toEqual({
        ok: false,
        error: { code: 'NOT_FOUND', message: 'Room not found' },
      });
      expect(await ask(socket, 'room:join', { roomId: 'general' })).toEqual({
        ok: false,
        error: { code: 'VALIDATION', message: 'roomId must be a UUID' },
      });
    });
  });

  describe('message:send', () => {
    it('acks with the stored message and sends message:new to everyone in the room, sender included', async () => {
      const room = await newRoom();
      const sender = await joined(alice, room.id);
      const senderOtherTab = await joined(alice, room.id);
      const receiver = await joined(bob, room.id);
      const outsider = await connect(bob);
      const inbox = [sender, senderOtherTab, receiver, outsider].map((s) =>
        record(s, 'message:new'),
      );

      const reply = await ask(sender, 'message:send', {
        roomId: room.id,
        body: '  hello  ',
        clientMsgId: 'k1',
      });

      expect(reply).toEqual({
        ok: true,
        message: expect.objectContaining({
          roomId: room.id,
          seq: 1,
          body: 'hello',
          clientMsgId: 'k1',
        }),
      });
      // Acked means committed: it is already in the history.
      const history = await request(testApp.url)
        .get(`/api/rooms/${room.id}/messages`)
        .set('Authorization', `Bearer ${bob.accessToken}`);
      expect(history.body.messages).toEqual([reply.message]);
      await eventually(() =>
        inbox.slice(0, 3).forEach((box) => expect(box).toEqual([reply.message])),
      );
      await quietPeriod();
      expect(inbox[3]).toEqual([]);
    });

    it('a repeated clientMsgId returns the same message and is delivered once', async () => {
      const room = await newRoom();
      const sender = await joined(alice, room.id);
      const receiver = await joined(bob, room.id);
      const inbox = record(receiver, 'message:new');

      const first = await ask(sender, 'message:send', {
        roomId: room.id,
        body: 'once',
        clientMsgId: 'retry-me',
      });
      const again = await ask(sender, 'message:send', {
        roomId: room.id,
        body: 'twice?',
        clientMsgId: 'retry-me',
      });

      expect(again).toEqual(first);
      await quietPeriod();
      expect(inbox).toEqual([first.message]);
    });

    it('messages posted over REST are broadcast too', async () => {
      const room = await newRoom();
      const receiver = await joined(bob, room.id);
      const inbox = record(receiver, 'message:new');
      const posted = await postRest(alice, room.id, 'from REST');
      await eventually(() => expect(inbox).toEqual([posted.body]));
    });

    it('answers NOT_JOINED before joining, and NOT_FOUND for a room that does not exist', async () => {
      const room = await newRoom();
      const socket = await connect(alice);
      expect(await ask(socket, 'message:send', { roomId: room.id, body: 'hi' })).toEqual({
        ok: false,
        error: { code: 'NOT_JOINED', message: 'Join the room (room:join) before sending to it' },
      });
      expect(await ask(socket, 'message:send', { roomId: randomUUID(), body: 'hi' })).toEqual({
        ok: false,
        error: { code: 'NOT_FOUND', message: 'Room not found' },
      });
      expect(socket.connected).toBe(true);
    });

    it('10 sockets of 5 users sending 20 messages each at once: every socket gets all 200 once, in seq order', async () => {
      const room = await newRoom();
      const users = [alice, bob, ...(await Promise.all([1, 2, 3].map(() => client.signUp())))];
      const clients = await Promise.all(
        Array.from({ length: 10 }, (_, i) => joined(users[i % 5], room.id)),
      );
      const inboxes = clients.map((socket) => record(socket, 'message:new'));

      await sendAllAtOnceAndCheckDelivery(clients, inboxes, room.id, 20, 'load');
    });

    it('a client that reconnects with afterSeq gets exactly what it missed, in order', async () => {
      const room = await newRoom();
      const sender = await joined(alice, room.id);
      const first = await ask(sender, 'message:send', { roomId: room.id, body: 'before' });
      let reader = await joined(bob, room.id);
      reader.disconnect();

      const sent: ChatMessage[] = [];
      for (let i = 1; i <= 5; i++) {
        sent.push(
          (await ask(sender, 'message:send', { roomId: room.id, body: `while away ${i}` })).message,
        );
      }
      reader = await connect(bob);
      const reply = await ask(reader, 'room:join', {
        roomId: room.id,
        afterSeq: first.message.seq,
      });

      expect(reply.missed).toEqual(sent);
      expect(reply.hasMore).toBe(false);
    });
  });

  describe('bad input', () => {
    const cases: [string, string, unknown, string][] = [
      ['a string payload', 'message:send', 'hello', 'VALIDATION'],
      ['a number payload', 'room:join', 42, 'VALIDATION'],
      ['a null payload', 'typing', null, 'VALIDATION'],
      ['an array payload', 'room:leave', [1, 2], 'VALIDATION'],
      ['a missing roomId', 'room:join', {}, 'VALIDATION'],
      ['a negative afterSeq', 'room:join', { roomId: randomUUID(), afterSeq: -1 }, 'VALIDATION'],
      ['a string afterSeq', 'room:join', { roomId: randomUUID(), afterSeq: '3' }, 'VALIDATION'],
      ['a missing body', 'message:send', { roomId: randomUUID() }, 'VALIDATION'],
      [
        'a body of 4001 characters',
        'message:send',
        { roomId: randomUUID(), body: 'x'.repeat(4001) },
        'VALIDATION',
      ],
      ['a blank body', 'message:send', { roomId: randomUUID(), body: '   ' }, 'VALIDATION'],
      [
        'a numeric clientMsgId',
        'message:send',
        { roomId: randomUUID(), body: 'x', clientMsgId: 1 },
        'VALIDATION',
      ],
      [
        'an unknown field',
        'message:send',
        { roomId: randomUUID(), body: 'x', html: true },
        'VALIDATION',
      ],
      ['a string isTyping', 'typing', { roomId: randomUUID(), isTyping: 'yes' }, 'VALIDATION'],
    ];

    it.each(cases)(
      '%s on %s gets an error ack, and the socket keeps working',
      async (_case, event, payload, code) => {
        const room = await newRoom();
        const socket = await connect(alice);
        const reply = await ask(socket, event as 'room:join', payload);

        expect(reply).toEqual({ ok: false, error: { code, message: expect.any(String) } });
        expect(reply.error.message.length).toBeGreaterThan(0);
        expect(socket.connected).toBe(true);
        expect(await ask(socket, 'room:join', { roomId: room.id })).toMatchObject({ ok: true });
      },
    );

    it('says what is wrong, naming the field', async () => {
      const socket = await connect(alice);
      const message = async (event: string, payload: unknown) =>
        (await ask(socket, event as 'room:join', payload)).error.message;

      expect(await message('message:send', 'hello')).toBe('payload must be an object');
      expect(await message('message:send', { roomId: randomUUID(), body: '' })).toBe(
        'body must be at most 4000 characters long and not blank',
      );
      expect(await message('message:send', { roomId: randomUUID(), body: 'x', html: 1 })).toBe(
        'property html should not exist',
      );
      expect(await message('typing', { roomId: randomUUID(), isTyping: 'yes' })).toBe(
        'isTyping must be a boolean',
      );
    });

    it('events without an ack callback, or with unknown names, break nothing', async () => {
      const room = await newRoom();
      const socket = await connect(alice);
      socket.emit('room:join', { roomId: 'nope' }, undefined as never);
      (socket as any).emit('room:join', { roomId: room.id });
      (socket as any).emit('no:such:event', { x: 1 });
      (socket as any).emit('message:send');
      await quietPeriod(200);
      expect(socket.connected).toBe(true);
      expect(await ask(socket, 'room:join', { roomId: room.id })).toMatchObject({ ok: true });
    });
  });

  describe('typing', () => {
    it('reaches the others in the room, not the typist’s own tabs, and clears', async () => {
      const room = await newRoom();
      const typist = await joined(alice, room.id);
      const typistOtherTab = await joined(alice, room.id);
      const other = await joined(bob, room.id);
      const [ownTab, otherBox] = [record(typistOtherTab, 'typing'), record(other, 'typing')];

      expect(await ask(typist, 'typing', { roomId: room.id, isTyping: true })).toEqual({
        ok: true,
      });
      expect(await ask(typist, 'typing', { roomId: room.id, isTyping: false })).toEqual({
        ok: true,
      });

      const user = {
        id: alice.user.id,
        username: alice.user.username,
        createdAt: alice.user.createdAt,
        displayName: alice.user.username,
        avatarUrl: null,
      };
      await eventually(() =>
        expect(otherBox).toEqual([
          { roomId: room.id, user, isTyping: true },
          { roomId: room.id, user, isTyping: false },
        ]),
      );
      expect(ownTab).toEqual([]);
    });

    it('a typing state never cleared lapses after about 5 seconds', async () => {
      const room = await newRoom();
      const typist = await joined(alice, room.id);
      const other = await joined(bob, room.id);
      const box = record(other, 'typing');

      await ask(typist, 'typing', { roomId: room.id, isTyping: true });
      await quietPeriod(4000);
      expect(box.map((e) => e.isTyping)).toEqual([true]);
      await eventually(() => expect(box.map((e) => e.isTyping)).toEqual([true, false]), 2500);
    }, 10000);

    it('answers NOT_JOINED outside the room, NOT_FOUND for no room', async () => {
      const room = await newRoom();
      const socket = await connect(alice);
      expect(await ask(socket, 'typing', { roomId: room.id, isTyping: true })).toMatchObject({
        ok: false,
        error: { code: 'NOT_JOINED' },
      });
      expect(await ask(socket, 'typing', { roomId: randomUUID(), isTyping: true })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
    });
  });

  describe('presence', () => {
    it('counts users, not sockets: a user with two tabs leaves only with the last one', async () => {
      const room = await newRoom();
      const watcher = await joined(bob, room.id);
      const events = record(watcher, 'presence');
      const aliceUser = {
        id: alice.user.id,
        username: alice.user.username,
        createdAt: alice.user.createdAt,
        displayName: alice.user.username,
        avatarUrl: null,
      };

      const tab1 = await joined(alice, room.id);
      const tab2 = await joined(alice, room.id);
      await eventually(() =>
        expect(events).toEqual([{ roomId: room.id, joined: [aliceUser], left: [] }]),
      );

      expect(await ask(tab1, 'room:leave', { roomId: room.id })).toEqual({ ok: true });
      await quietPeriod();
      expect(events).toHaveLength(1);

      tab2.disconnect();
      await eventually(() =>
        expect(events[1]).toEqual({ roomId: room.id, joined: [], left: [aliceUser] }),
      );

      const rejoined = await ask(watcher, 'room:join', { roomId: room.id });
      expect(rejoined.users.map((u: { id: string }) => u.id)).toEqual([bob.user.id]);
    });
  });

  it('room:created reaches every connected socket', async () => {
    const [one, two] = await Promise.all([connect(alice), connect(bob)]);
    const boxes = [record(one, 'room:created'), record(two, 'room:created')];
    const room = await newRoom();
    await eventually(() =>
      boxes.forEach((box) => expect(box).toEqual([expect.objectContaining({ id: room.id })])),
    );
  });

  it('logout disconnects that session’s sockets and only those', async () => {
    const draft = await client.register();
    const [phone, laptop] = [await client.login(draft), await client.login(draft)];
    const phoneSocket = await connect(phone);
    const laptopSocket = await connect(laptop);
    const disconnected = new Promise<string>((resolve) => phoneSocket.once('disconnect', resolve));

    await request(testApp.url)
      .post('/api/auth/logout')
      .set('Authorization', `Bearer ${phone.accessToken}`)
      .expect(204);

    expect(await disconnected).toBe('io server disconnect');
    await quietPeriod(200);
    expect(laptopSocket.connected).toBe(true);
  });

  it('a reused refresh token disconnects the session’s sockets too', async () => {
    const session = await client.signUp();
    const socket = await connect(session);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await request(testApp.url)
      .post('/api/auth/refresh')
      .send({ refreshToken: session.refreshToken })
      .expect(200);
    await request(testApp.url)
      .post('/api/auth/refresh')
      .send({ refreshToken: session.refreshToken })
      .expect(401);
    expect(await disconnected).toBe('io server disconnect');
  });
});

describe('Realtime sessions that end unheard (e2e)', () => {
  // The shortest lifetime the configuration allows: the socket is re-checked after it.
  const LIFETIME_SECONDS = 10;
  let testApp: TestApp;
  let client: ReturnType<typeof api>;

  beforeAll(async () => {
    testApp = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: String(LIFETIME_SECONDS) });
    client = api(testApp);
  });
  afterAll(() => testApp.close());

  it('refuses with UNAUTHORIZED, then disconnects, a socket whose session was revoked where this instance did not hear of it, within a token lifetime', async () => {
    const carol = await client.signUp();
    const room = await client.createRoom(carol, aRoomName());
    const socket = await connectAs(testApp, carol);
    try {
      expect(await ask(socket, 'room:join', { roomId: room.id })).toMatchObject({ ok: true });
      const { sid } = new JwtService().decode<{ sid: string }>(carol.accessToken);
      // Revoked behind the broadcast's back, as when another instance's news of it is lost.
      await testApp.app
        .get(DataSource)
        .getRepository(SessionEntity)
        .update(sid, { revokedAt: new Date() });
      const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));

      await new Promise((resolve) => setTimeout(resolve, LIFETIME_SECONDS * 1000));
      const reply = await ask(socket, 'message:send', { roomId: room.id, body: 'too late' });
      expect(reply).toEqual({
        ok: false,
        error: { code: 'UNAUTHORIZED', message: expect.stringContaining('log in again') },
      });
      expect(await disconnected).toBe('io server disconnect');
    } finally {
      socket.disconnect();
    }
  });
});

describe('Realtime limits (e2e)', () => {
  let testApp: TestApp;
  let client: ReturnType<typeof api>;
  const sockets = socketsOfEachTest();

  beforeAll(async () => {
    testApp = await startTestApp({
      MESSAGE_RATE_BURST: '3',
      SOCKET_MAX_ROOMS: '2',
      TYPING_RATE_BURST: '2',
      ROOM_JOIN_RATE_PER_MINUTE: '5',
      SOCKET_MAX_PAYLOAD_BYTES: '8192',
      SOCKET_HANDSHAKE_TIMEOUT_MS: '300',
    });
    client = api(testApp);
  });
  afterAll(() => testApp.close());

  const connect = (session: Session) => sockets.open(testApp, session);

  it('rate-limits message:send per user with RATE_LIMITED and retryAfterMs, leaving others alone', async () => {
    const [carol, dave] = await Promise.all([client.signUp(), client.signUp()]);
    const room = await client.createRoom(carol, aRoomName());
    const [carolSocket, daveSocket] = await Promise.all([connect(carol), connect(dave)]);
    await ask(carolSocket, 'room:join', { roomId: room.id });
    await ask(daveSocket, 'room:join', { roomId: room.id });

    for (let i = 0; i < 3; i++) {
      expect(
        await ask(carolSocket, 'message:send', { roomId: room.id, body: `m${i}` }),
      ).toMatchObject({ ok: true });
    }
    const refused = await ask(carolSocket, 'message:send', {
      roomId: room.id,
      body: 'one too many',
    });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'RATE_LIMITED',
        message: expect.any(String),
        retryAfterMs: expect.any(Number),
      },
    });
    expect(refused.error.retryAfterMs).toBeGreaterThan(0);
    expect(carolSocket.connected).toBe(true);
    expect(await ask(daveSocket, 'message:send', { roomId: room.id, body: 'fine' })).toMatchObject({
      ok: true,
    });
  });

  it('rate-limits typing per user', async () => {
    const erin = await client.signUp();
    const room = await client.createRoom(erin, aRoomName());
    const socket = await connect(erin);
    await ask(socket, 'room:join', { roomId: room.id });
    await ask(socket, 'typing', { roomId: room.id, isTyping: true });
    await ask(socket, 'typing', { roomId: room.id, isTyping: true });
    expect(await ask(socket, 'typing', { roomId: room.id, isTyping: true })).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED' },
    });
  });

  it('rate-limits room:join per user, repeats of one room too, so a join/leave loop cannot flood a room with presence', async () => {
    const [hank, ivy] = await Promise.all([client.signUp(), client.signUp()]);
    const room = await client.createRoom(ivy, aRoomName());
    const [hankSocket, ivySocket] = await Promise.all([connect(hank), connect(ivy)]);
    const ivyJoined = await ask(ivySocket, 'room:join', { roomId: room.id });
    const ivySees = presenceViewOf(ivySocket, room.id, ivyJoined.users);

    for (let i = 0; i < 5; i++) {
      expect(await ask(hankSocket, 'room:join', { roomId: room.id })).toMatchObject({ ok: true });
      await ask(hankSocket, 'room:leave', { roomId: room.id });
    }
    const refused = await ask(hankSocket, 'room:join', { roomId: room.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect(refused.error.retryAfterMs).toBeGreaterThan(0);
    // Ivy's view, the deltas applied as sets, ends without hank: nothing of the refused
    // join, and the ten changes came coalesced (presence.e2e-spec.ts bounds how many events).
    await eventually(() => expect(ivySees.events.length).toBeGreaterThan(0));
    await quietPeriod();
    expect(ivySees.ids()).toEqual([ivy.user.id]);
    expect(ivySees.events.length).toBeLessThanOrEqual(10);
    expect(await ask(ivySocket, 'room:join', { roomId: room.id })).toMatchObject({ ok: true });
  });

  it('caps the rooms one socket is in', async () => {
    const frank = await client.signUp();
    const rooms = await Promise.all([1, 2, 3].map(() => client.createRoom(frank, aRoomName())));
    const socket = await connect(frank);
    await ask(socket, 'room:join', { roomId: rooms[0].id });
    await ask(socket, 'room:join', { roomId: rooms[1].id });
    expect(await ask(socket, 'room:join', { roomId: rooms[2].id })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('at most 2 rooms') },
    });
    await ask(socket, 'room:leave', { roomId: rooms[0].id });
    expect(await ask(socket, 'room:join', { roomId: rooms[2].id })).toMatchObject({ ok: true });
  });

  it('closes connections that never authenticate', async () => {
    // A bare transport that never sends Socket.IO's CONNECT (so never offers a token).
    const managers = Array.from(
      { length: 20 },
      () =>
        new Manager(testApp.url, {
          transports: ['websocket'],
          reconnection: false,
          autoConnect: false,
        }),
    );
    const closed = managers.map(
      (manager) =>
        new Promise<string>((resolve) => manager.once('close', (reason) => resolve(reason))),
    );
    managers.forEach((manager) => manager.open());

    expect(await Promise.all(closed)).toEqual(Array(20).fill('transport close'));
    const gina = await client.signUp();
    expect((await connect(gina)).connected).toBe(true);
  });

  it('closes a connection that sends an oversized frame, and only that one', async () => {
    const gina = await client.signUp();
    const [bad, good] = await Promise.all([connect(gina), connect(gina)]);
    const closed = new Promise<string>((resolve) => bad.once('disconnect', resolve));
    bad.emit('message:send', { roomId: randomUUID(), body: 'x'.repeat(20_000) }, () => undefined);
    expect(await closed).toBe('transport close');
    expect(good.connected).toBe(true);
  });
});
