import { AccountsService } from '../src/accounts/accounts.service';
import { RoomsService } from '../src/rooms/rooms.service';
import { aRoomName } from './builders/user.builder';
import { api, Session } from './helpers/api-client';
import { connectAs, eventually, request as ask, socketFor } from './helpers/socket-client';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * The edges of a socket's life where an await used to leave a gap (issue #21, items 3 and
 * 6): a logout while the handshake is still being checked, and a disconnect while a join is.
 */
describe('Socket lifecycle races (e2e)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  it('a logout while the handshake is being checked still disconnects the socket', async () => {
    const alice = await api(testApp).signUp();
    const accounts = testApp.app.get(AccountsService);
    const identity = accounts.socketIdentity.bind(accounts);
    // The handshake reads the user after it has verified the session: log out right there,
    // before the socket is connected and reachable by logout's broadcast.
    jest.spyOn(accounts, 'socketIdentity').mockImplementationOnce(async (userId: string) => {
      await api(testApp)
        .http()
        .post('/api/auth/logout')
        .auth(alice.accessToken, { type: 'bearer' })
        .expect(204);
      return identity(userId);
    });

    const socket = socketFor(testApp, alice.accessToken);
    const reasons: string[] = [];
    socket.on('disconnect', (reason) => reasons.push(reason));
    socket.on('connect_error', () => reasons.push('refused at the handshake'));
    socket.connect();
    try {
      await eventually(() => expect(reasons).toHaveLength(1), 3000);
      expect(socket.connected).toBe(false);
    } finally {
      socket.disconnect();
    }
  });

  it('a join cut short by a disconnect leaves nobody "here"', async () => {
    const client = api(testApp);
    const [owner, ghost, witness] = await Promise.all([
      client.signUp(),
      client.signUp(),
      client.signUp(),
    ]);
    const { id: roomId } = await client.createRoom(owner, aRoomName());

    // The join reads the room (on PostgreSQL a round trip); the client leaves meanwhile.
    const rooms = testApp.app.get(RoomsService);
    const get = rooms.get.bind(rooms);
    let joinStarted!: () => void;
    const isJoining = new Promise<void>((resolve) => (joinStarted = resolve));
    jest.spyOn(rooms, 'get').mockImplementationOnce(async (...args) => {
      joinStarted();
      await new Promise((resolve) => setTimeout(resolve, 300));
      return get(...args);
    });
    const socket = await connectAs(testApp, ghost);
    socket.emit('room:join', { roomId }, () => undefined);
    await isJoining;
    socket.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 500));

    const watcher = await connectAs(testApp, witness);
    try {
      await eventually(async () => {
        const ack = await ask(watcher, 'room:join', { roomId });
        const here = (ack.users as Session['user'][]).map((user) => user.id);
        expect(here).not.toContain(ghost.user.id);
      }, 3000);
    } finally {
      watcher.disconnect();
    }
  });
});

describe('Connections per user (e2e)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ SOCKETS_PER_USER_MAX: '2' });
  });
  afterAll(() => testApp.close());

  it('refuses a connection past SOCKETS_PER_USER_MAX until one closes; others connect', async () => {
    const [alice, bob] = await Promise.all([api(testApp).signUp(), api(testApp).signUp()]);
    const first = await connectAs(testApp, alice);
    const second = await connectAs(testApp, alice);
    try {
      await expect(connectAs(testApp, alice)).rejects.toThrow('too many connections');
      (await connectAs(testApp, bob)).disconnect();

      first.disconnect();
      await eventually(async () => {
        (await connectAs(testApp, alice)).disconnect();
      });
    } finally {
      first.disconnect();
      second.disconnect();
    }
  });
});

describe('History read budget (e2e)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({
      HISTORY_RATE_PER_10S: '100',
      MESSAGE_RATE_BURST: '1000',
      MESSAGE_RATE_PER_MINUTE: '1000',
    });
  });
  afterAll(() => testApp.close());

  it('refuses a reader whose budget is spent, on REST and room:join catch-up; others read on', async () => {
    const client = api(testApp);
    const [alice, bob] = await Promise.all([client.signUp(), client.signUp()]);
    const { id: roomId } = await client.createRoom(alice, aRoomName());
    for (let i = 0; i < 60; i += 1) await client.post(alice, roomId, `message ${i}`);
    const page = (session: Session) =>
      client
        .http()
        .get(`/api/rooms/${roomId}/messages?limit=50`)
        .auth(session.accessToken, { type: 'bearer' });

    await page(bob).expect(200);
    await page(bob).expect(200);
    const refused = await page(bob).expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

    const socket = await connectAs(testApp, bob);
    try {
      const ack = await ask(socket, 'room:join', { roomId, afterSeq: 0 });
      expect(ack).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
      expect(ack.error.retryAfterMs).toBeGreaterThan(0);
    } finally {
      socket.disconnect();
    }
    await page(alice).expect(200);
  });
});
