import request from 'supertest';
import { aRoomName } from '../builders/user.builder';
import { api, Session } from '../helpers/api-client';
import {
  ChatClient,
  connectAs,
  eventually,
  quietPeriod,
  record,
  request as ask,
  socketsOfEachTest,
} from '../helpers/socket-client';
import { Cluster, Instance } from './instances';

/**
 * Attention across instances (#16): `read` and `notification` reach every socket of a user,
 * whichever instance it is on and whichever instance moved the marker or took the message,
 * exactly once.
 */
describe('Read markers and notifications across instances sharing PostgreSQL and Redis', () => {
  const cluster = new Cluster();
  let a: Instance;
  let b: Instance;
  const sockets = socketsOfEachTest();

  beforeAll(async () => ([a, b] = await cluster.createAndStart(2)));
  afterAll(() => cluster.destroy());

  async function on(instance: Instance, session: Session): Promise<ChatClient> {
    const socket = await connectAs(instance, session);
    sockets.track(socket);
    return socket;
  }

  async function roomOf(owner: Session, ...members: Session[]): Promise<string> {
    const room = await api(a).createRoom(owner, aRoomName());
    for (const member of members) await api(a).addMember(owner, room.id, member);
    return room.id;
  }

  it('a marker moved on A reaches the reader’s tab on B (not joined to the room)', async () => {
    const [alice, bob] = await Promise.all([api(a).signUp(), api(b).signUp()]);
    const roomId = await roomOf(alice, bob);
    await api(b).post(alice, roomId, `@${bob.user.username} one`);
    await api(b).post(alice, roomId, 'two');
    const bobOnA = await on(a, bob);
    const bobOnB = await on(b, bob);
    const [onA, onB] = [record(bobOnA, 'read'), record(bobOnB, 'read')];

    expect(await ask(bobOnA, 'room:read', { roomId, seq: 1 })).toEqual({
      ok: true,
      lastReadSeq: 1,
      unread: 1,
      mentions: 0,
    });
    const expected = { roomId, lastReadSeq: 1, unread: 1, mentions: 0 };
    await eventually(() => expect(onB).toEqual([expected]));
    await eventually(() => expect(onA).toEqual([expected]));

    // And back the other way, over REST on B.
    await request(b.url)
      .post(`/api/rooms/${roomId}/read`)
      .auth(bob.accessToken, { type: 'bearer' })
      .send({ seq: 2 })
      .expect(200);
    await eventually(() => expect(onA.at(-1)).toEqual({ ...expected, lastReadSeq: 2, unread: 0 }));
    await quietPeriod();
    expect(onA).toHaveLength(2);
    expect(onB).toHaveLength(2);
  });

  it('a mention sent on B notifies the user’s sockets on both instances, once each', async () => {
    const [alice, bob] = await Promise.all([api(a).signUp(), api(b).signUp()]);
    const roomId = await roomOf(alice, bob);
    const bobOnA = await on(a, bob);
    const bobOnB = await on(b, bob);
    const [onA, onB] = [record(bobOnA, 'notification'), record(bobOnB, 'notification')];
    const aliceOnB = await on(b, alice);
    expect(await ask(aliceOnB, 'room:join', { roomId })).toMatchObject({ ok: true });

    expect(
      await ask(aliceOnB, 'message:send', { roomId, body: `@${bob.user.username} ping` }),
    ).toMatchObject({ ok: true });
    await api(a).post(alice, roomId, 'no mention: bob is at "mentions"');

    await eventually(() => {
      expect(onA.map((n) => [n.reason, n.message.body])).toEqual([
        ['mention', `@${bob.user.username} ping`],
      ]);
      expect(onB.map((n) => [n.reason, n.message.body])).toEqual([
        ['mention', `@${bob.user.username} ping`],
      ]);
    });
    await quietPeriod();
    expect(onA).toHaveLength(1);
    expect(onB).toHaveLength(1);
  });
});
