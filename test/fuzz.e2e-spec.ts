import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import request from 'supertest';
import type { ClientToServerEvents } from '../src/realtime/chat-events';
import { aRoomName } from './builders/user.builder';
import { api, Session } from './helpers/api-client';
import {
  connectAs,
  eventually,
  quietPeriod,
  record,
  request as ask,
} from './helpers/socket-client';
import { startTestApp, TestApp } from './helpers/test-app';

const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'NOT_JOINED',
  'RATE_LIMITED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'INTERNAL',
];
type Method = 'post' | 'put' | 'patch' | 'delete';

const EVENTS: (keyof ClientToServerEvents)[] = [
  'room:join',
  'room:leave',
  'message:send',
  'typing',
  'message:edit',
  'message:delete',
  'reaction:set',
];

/**
 * Property-based fuzzing of every socket event and REST body: random and near-miss payloads
 * never crash anything, never disconnect anyone, and are always answered in the contract's
 * shapes. 10,000 payloads in all.
 */
describe('Hostile input (fuzz, e2e)', () => {
  let testApp: TestApp;
  let alice: Session;
  let bob: Session;
  let roomId: string;
  let messageId: string;
  /** Bob's: the fuzzer (alice) must never get in, nor hear of it. */
  let privateRoomId: string;
  /** Bob's, in his private room: the fuzzer must never change it. */
  let hiddenMessageId: string;

  beforeAll(async () => {
    testApp = await startTestApp({
      MESSAGE_RATE_BURST: '1000000',
      MESSAGE_RATE_PER_MINUTE: '1000000',
      TYPING_RATE_BURST: '1000000',
      LOGIN_MAX_FAILURES: '1000000',
      LOGIN_MAX_FAILURES_PER_IP: '1000000',
    });
    alice = await api(testApp).signUp();
    bob = await api(testApp).signUp();
    roomId = (await api(testApp).createRoom(alice, aRoomName('fuzz'))).id;
    await api(testApp).addMember(alice, roomId, bob);
    privateRoomId = (await api(testApp).createRoom(bob, aRoomName('hidden'), undefined, 'private'))
      .id;
    messageId = (await api(testApp).post(alice, roomId, 'fuzz me')).id;
    hiddenMessageId = (await api(testApp).post(bob, privateRoomId, 'secret')).id;
  });
  afterAll(() => testApp.close());

  /** Values of every JSON-ish kind, and objects that look almost right. */
  const nearMiss = (keys: string[]) =>
    fc.oneof(
      fc.anything({ maxDepth: 2, maxKeys: 4 }),
      fc.record(
        Object.fromEntries(
          keys.map((key) => [
            key,
            fc.oneof(
              fc.constant(roomId),
              fc.constant(messageId),
              fc.constantFrom('👍', '🎉', 'a', '👍👍'),
              fc.constant(hiddenMessageId),
              fc.constant(privateRoomId),
              fc.constant(bob.user.id),
              fc.constant([bob.user.id]),
              fc.constantFrom('owner', 'admin', 'member', 'all', 'mentions', 'none', 'private'),
              fc.uuid(),
              fc.string({ maxLength: 80 }),
              fc.integer(),
              fc.double(),
              fc.boolean(),
              fc.constant(null),
              fc.array(fc.string(), { maxLength: 3 }),
              fc.object({ maxDepth: 1 }),
            ),
          ]),
        ),
        { requiredKeys: [] },
      ),
    );

  const payloadKeys = [
    'roomId',
    'afterSeq',
    'afterChange',
    'body',
    'clientMsgId',
    'isTyping',
    'messageId',
    'emoji',
    'on',
    'extra',
  ];

  it('socket events: every reply is an ack of the contract, and no one is disconnected', async () => {
    const fuzzer = await connectAs(testApp, alice);
    const bystander = await connectAs(testApp, alice);
    expect(await ask(bystander, 'room:join', { roomId })).toMatchObject({ ok: true });
    const inbox = record(bystander, 'message:new');
    const heard: { event: string; args: unknown[] }[] = [];
    fuzzer.onAny((event: string, ...args: unknown[]) => heard.push({ event, args }));
    const bobSocket = await connectAs(testApp, bob);
    expect(await ask(bobSocket, 'room:join', { roomId: privateRoomId })).toMatchObject({
      ok: true,
    });

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...EVENTS),
        nearMiss(payloadKeys),
        async (event, payload) => {
          const reply = await ask(fuzzer, event, payload);
          assertAckShape(reply);
          expect(fuzzer.connected).toBe(true);
        },
      ),
      { numRuns: 7000 },
    );

    expect(bystander.connected).toBe(true);
    // Nothing of bob's private room reached the fuzzer, whatever it tried.
    await ask(bobSocket, 'message:send', { roomId: privateRoomId, body: 'private' });
    await ask(bobSocket, 'typing', { roomId: privateRoomId, isTyping: true });
    await quietPeriod(100);
    expect(JSON.stringify(heard)).not.toContain(privateRoomId);
    bobSocket.disconnect();
    // Nor could it change, delete or react to a message in it.
    const hidden = await api(testApp).allMessages(bob, privateRoomId);
    expect(hidden.find((m) => m.id === hiddenMessageId)).toMatchObject({
      body: 'secret',
      version: 0,
    });
    // The fuzzer may have left the room along the way: back in, and it still chats.
    expect(await ask(fuzzer, 'room:join', { roomId })).toMatchObject({ ok: true });
    const sent = await ask(fuzzer, 'message:send', { roomId, body: 'still alive' });
    expect(sent.ok).toBe(true);
    await eventually(() => expect(inbox.map((m) => m.id)).toContain(sent.message.id));
    fuzzer.disconnect();
    bystander.disconnect();
  }, 120_000);

  it('REST bodies and queries: never a 500, always Nest’s error shape', async () => {
    const routes: [Method, string][] = [
      ['post', '/api/auth/register'],
      ['post', '/api/auth/login'],
      ['post', '/api/auth/refresh'],
      ['post', '/api/rooms'],
      ['post', `/api/rooms/${roomId}/messages`],
      ['post', `/api/rooms/${randomUUID()}/messages`],
      ['post', `/api/rooms/${privateRoomId}/messages`],
      ['patch', `/api/rooms/${roomId}`],
      ['patch', `/api/rooms/${privateRoomId}`],
      ['post', `/api/rooms/${roomId}/members`],
      ['post', `/api/rooms/${privateRoomId}/members`],
      ['patch', `/api/rooms/${roomId}/members/me`],
      ['patch', `/api/rooms/${roomId}/members/${bob.user.id}`],
      ['delete', `/api/rooms/${privateRoomId}/members/me`],
      ['put', `/api/rooms/${privateRoomId}/bans/${bob.user.id}`],
      ['post', '/api/direct'],
    ];
    const bodyKeys = [
      'username',
      'email',
      'password',
      'refreshToken',
      'name',
      'description',
      'body',
      'clientMsgId',
      'kind',
      'userId',
      'userIds',
      'role',
      'notify',
    ];

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        nearMiss(bodyKeys),
        async ([method, path], body) => {
          const response = await request(testApp.url)
            [method](path)
            .set('Authorization', `Bearer ${alice.accessToken}`)
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(body ?? null));
          assertRestShape(response.status, response.body);
        },
      ),
      { numRuns: 2000 },
    );

    const query = fc.dictionary(
      fc.constantFrom('before', 'after', 'limit', 'cursor', 'q', 'member'),
      fc.oneof(fc.string({ maxLength: 12 }), fc.integer().map(String), fc.double().map(String)),
      { maxKeys: 3 },
    );
    const readRoutes = [
      `/api/rooms/${roomId}/messages`,
      `/api/rooms/${privateRoomId}/messages`,
      `/api/rooms/${roomId}/members`,
      '/api/rooms',
      '/api/users',
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...readRoutes), query, async (path, params) => {
        const response = await request(testApp.url)
          .get(path)
          .query(params)
          .set('Authorization', `Bearer ${alice.accessToken}`);
        assertRestShape(response.status, response.body);
      }),
      { numRuns: 1000 },
    );

    await request(testApp.url).get('/api/health').expect(200);
  }, 120_000);
});

function assertAckShape(reply: any): void {
  if (reply?.ok === true) return;
  expect(reply).toEqual({
    ok: false,
    error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
  });
  expect(ERROR_CODES).toContain(reply.error.code);
  expect(reply.error.code).not.toBe('INTERNAL');
  expect(JSON.stringify(reply)).not.toMatch(/at .+\.(js|ts):\d+/);
}

function assertRestShape(status: number, body: any): void {
  expect(status).toBeLessThan(500);
  if (status < 400) return;
  expect(body).toEqual(
    expect.objectContaining({
      statusCode: status,
      message: expect.anything(),
      error: expect.any(String),
    }),
  );
  expect(JSON.stringify(body)).not.toMatch(/at .+\.(js|ts):\d+|QueryFailedError|SQLITE_|argon2/);
}
