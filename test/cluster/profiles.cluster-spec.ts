import request from 'supertest';
import { aRoomName } from '../builders/user.builder';
import { api, Session } from '../helpers/api-client';
import {
  ChatClient,
  connectAs,
  eventually,
  record,
  request as ask,
  socketsOfEachTest,
} from '../helpers/socket-client';
import { Cluster, Instance } from './instances';

/**
 * Profiles across instances (#20): a password change answered by one instance disconnects the
 * user's other sessions' sockets on every instance, and a new display name reaches room mates
 * (and presence) on every instance.
 */
describe('Profiles across instances sharing PostgreSQL and Redis', () => {
  const cluster = new Cluster();
  let a: Instance;
  let b: Instance;
  const sockets = socketsOfEachTest();

  beforeAll(async () => ([a, b] = await cluster.createAndStart(2)));
  afterAll(() => cluster.destroy());

  async function on(instance: Instance, session: Session, roomId?: string): Promise<ChatClient> {
    const socket = await connectAs(instance, session);
    sockets.track(socket);
    if (roomId) expect(await ask(socket, 'room:join', { roomId })).toMatchObject({ ok: true });
    return socket;
  }

  const as = (session: Session) => ({ Authorization: `Bearer ${session.accessToken}` });

  it('a password change on A disconnects the other session’s socket on B; this session’s stay', async () => {
    const alice = await api(a).signUp();
    const phone = await api(b).login(alice.draft);
    const phoneOnB = await on(b, phone);
    const gone = new Promise<string>((resolve) => phoneOnB.on('disconnect', resolve));
    const laptopOnB = await on(b, alice);

    await request(a.url)
      .post('/api/auth/password')
      .set(as(alice))
      .send({ currentPassword: alice.draft.password, newPassword: 'a new and long secret' })
      .expect(204);

    await gone;
    expect(laptopOnB.connected).toBe(true);
    await request(b.url).get('/api/auth/me').set(as(phone)).expect(401);
  });

  it('a display name changed on A reaches a room mate on B, and presence and sends on B show it', async () => {
    const [alice, bob, carol] = await Promise.all([
      api(a).signUp(),
      api(b).signUp(),
      api(b).signUp(),
    ]);
    const room = await api(a).createRoom(alice, aRoomName('names'));
    await api(a).addMember(alice, room.id, bob);
    const aliceOnB = await on(b, alice, room.id);
    const bobOnB = await on(b, bob, room.id);
    const updates = record(bobOnB, 'user:updated');

    await request(a.url)
      .patch('/api/auth/me')
      .set(as(alice))
      .send({ displayName: 'Alice Across' })
      .expect(200);

    await eventually(() =>
      expect(updates).toEqual([
        expect.objectContaining({ id: alice.user.id, displayName: 'Alice Across' }),
      ]),
    );
    // Alice's socket on B sends under the new name once B has heard of it.
    await eventually(async () => {
      const sent = await ask(aliceOnB, 'message:send', { roomId: room.id, body: 'renamed' });
      expect(sent.message.sender).toMatchObject({ displayName: 'Alice Across' });
    });

    await eventually(async () => {
      const socket = await on(b, carol);
      const joined = await ask(socket, 'room:join', { roomId: room.id });
      socket.disconnect();
      expect(joined.users).toContainEqual(
        expect.objectContaining({ id: alice.user.id, displayName: 'Alice Across' }),
      );
    });
  });
});
