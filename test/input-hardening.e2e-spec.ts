import { randomUUID } from 'node:crypto';
import { aRoomName } from './builders/user.builder';
import { api, Session } from './helpers/api-client';
import { ChatClient, connectAs, eventually, record, request as ask } from './helpers/socket-client';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * Text and shapes no field may hold (issue #21, items 2, 10 and 11): each is refused with a
 * 400 / VALIDATION naming the field, on both engines, and nothing is stored. On PostgreSQL a
 * NUL byte, a lone surrogate or a cursor above 2³¹ used to reach the database and answer 500.
 */
describe('Input the server refuses (e2e)', () => {
  let testApp: TestApp;
  let alice: Session;
  let roomId: string;
  let socket: ChatClient;

  beforeAll(async () => {
    testApp = await startTestApp({ MESSAGE_RATE_BURST: '1000', MESSAGE_RATE_PER_MINUTE: '1000' });
    alice = await api(testApp).signUp();
    roomId = (await api(testApp).createRoom(alice, aRoomName())).id;
    socket = await connectAs(testApp, alice);
    expect((await ask(socket, 'room:join', { roomId })).ok).toBe(true);
  });

  afterAll(async () => {
    socket?.disconnect();
    await testApp?.close();
  });

  const postBody = (body: unknown) =>
    api(testApp)
      .http()
      .post(`/api/rooms/${roomId}/messages`)
      .auth(alice.accessToken, { type: 'bearer' })
      .send(body as object);

  describe('control characters and lone surrogates, in any text field', () => {
    it.each([
      ['a NUL byte', 'hello\u0000world'],
      ['a bell', 'ding\u0007'],
      ['a carriage return', 'one\rtwo'],
      ['a lone high surrogate', 'broken \ud83d emoji'],
      ['a lone low surrogate', 'broken \ude00 emoji'],
    ])('refuses a body with %s over REST and the socket, and stores nothing', async (_, body) => {
      const rest = await postBody({ body }).expect(400);
      expect(rest.body.message).toEqual([expect.stringMatching(/^body must /)]);

      const ack = await ask(socket, 'message:send', { roomId, body });
      expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(ack.error.message).toMatch(/^body must /);

      const { body: room } = await api(testApp)
        .http()
        .get(`/api/rooms/${roomId}`)
        .auth(alice.accessToken, { type: 'bearer' })
        .expect(200);
      expect(room.lastSeq).toBe(0);
    });

    it('keeps tabs, newlines and well-formed emoji', async () => {
      const { body } = await postBody({ body: 'a\tb\nc 😀' }).expect(201);
      expect(body.body).toBe('a\tb\nc 😀');
    });

    it('refuses a NUL in a clientMsgId, a room name and a password', async () => {
      await postBody({ body: 'hi', clientMsgId: 'id\u0000' }).expect(400);
      const room = await api(testApp)
        .http()
        .post('/api/rooms')
        .auth(alice.accessToken, { type: 'bearer' })
        .send({ name: 'evil\u0000room' })
        .expect(400);
      expect(room.body.message).toEqual([expect.stringMatching(/^name must not contain control/)]);
      await api(testApp)
        .http()
        .post('/api/auth/register')
        .send({ username: 'nul_user', email: 'nul@example.com', password: 'pass\u0000word1' })
        .expect(400);
    });
  });

  describe('deep nesting', () => {
    const nested = (depth: number): unknown =>
      Array.from({ length: depth }).reduce<unknown>((inner) => ({ a: inner }), 'x');

    it('answers a body nested 2,000 deep with 400, not 500', async () => {
      const response = await postBody({ body: 'hi', extra: nested(2000) }).expect(400);
      expect(response.body.message).toEqual([expect.stringMatching(/nested too deeply/)]);
    });

    it('answers a socket payload nested 2,000 deep with VALIDATION and keeps the socket', async () => {
      const ack = await ask(socket, 'message:send', { roomId, body: 'hi', extra: nested(2000) });
      expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(socket.connected).toBe(true);
    });
  });

  describe('cursors beyond 32 bits', () => {
    it.each(['before', 'after'])('answers ?%s=99999999999 with 400', async (cursor) => {
      const response = await api(testApp)
        .http()
        .get(`/api/rooms/${roomId}/messages?${cursor}=99999999999`)
        .auth(alice.accessToken, { type: 'bearer' })
        .expect(400);
      expect(response.body.message).toEqual([`${cursor} must be at most 2147483647`]);
    });

    it('answers room:join with afterSeq 2^31 with VALIDATION', async () => {
      const ack = await ask(socket, 'room:join', { roomId, afterSeq: 2 ** 31 });
      expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    });
  });

  describe('ids in upper case', () => {
    it('reach the same room on REST and sockets, and are answered in canonical form', async () => {
      const shouted = roomId.toUpperCase();
      const { body: room } = await api(testApp)
        .http()
        .get(`/api/rooms/${shouted}`)
        .auth(alice.accessToken, { type: 'bearer' })
        .expect(200);
      expect(room.id).toBe(roomId);

      const bob = await api(testApp).signUp();
      const bobSocket = await connectAs(testApp, bob);
      try {
        expect((await ask(bobSocket, 'room:join', { roomId })).ok).toBe(true);
        const received = record(bobSocket, 'message:new');
        const joined = await ask(socket, 'room:join', { roomId: shouted });
        expect(joined.room.id).toBe(roomId);
        const sent = await ask(socket, 'message:send', { roomId: shouted, body: 'loud id' });
        expect(sent.message.roomId).toBe(roomId);
        await eventually(() => expect(received.map((m) => m.body)).toContain('loud id'));
      } finally {
        bobSocket.disconnect();
      }
    });
  });

  describe('text that shows nothing, and look-alike room names', () => {
    it.each([
      ['zero-width spaces', '\u200b\u200b'],
      ['a zero-width joiner', '\u200d'],
      ['Hangul fillers', '\u3164\u3164'],
      ['a lone combining mark', '\u0301'],
    ])('refuses a body of only %s', async (_, body) => {
      const response = await postBody({ body }).expect(400);
      expect(response.body.message).toEqual(['body must contain a visible character']);
    });

    it('refuses a room name of only invisible characters', async () => {
      const response = await api(testApp)
        .http()
        .post('/api/rooms')
        .auth(alice.accessToken, { type: 'bearer' })
        .send({ name: '\u200b\u2060' })
        .expect(400);
      expect(response.body.message).toEqual(['name must contain a visible character']);
    });

    it('stores text composed (NFC), so "é" typed two ways is one name', async () => {
      const base = `caf${randomUUID().slice(0, 6)}`;
      const composed = await api(testApp).createRoom(alice, `${base}é`);
      expect(composed.name).toBe(`${base}\u00e9`);
      await api(testApp)
        .http()
        .post('/api/rooms')
        .auth(alice.accessToken, { type: 'bearer' })
        .send({ name: `${base}e\u0301` })
        .expect(409);
      const { body } = await postBody({ body: 'cafe\u0301' }).expect(201);
      expect(body.body).toBe('caf\u00e9');
    });

    it.each([
      ['a zero-width joiner inside', (name: string) => `${name.slice(0, 2)}\u200d${name.slice(2)}`],
      ['full-width letters', (name: string) => name.replace(/[a-z]/g, fullWidth)],
    ])('refuses a room name that differs from a taken one only by %s', async (_, disguise) => {
      const name = `lookalike${randomUUID().slice(0, 6).replace(/\d/g, 'x')}`;
      await api(testApp).createRoom(alice, name);
      await api(testApp)
        .http()
        .post('/api/rooms')
        .auth(alice.accessToken, { type: 'bearer' })
        .send({ name: disguise(name) })
        .expect(409);
    });
  });
});

function fullWidth(letter: string): string {
  return String.fromCodePoint(letter.codePointAt(0)! - 0x61 + 0xff41);
}
