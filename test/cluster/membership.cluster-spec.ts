import request from 'supertest';
import { aRoomName } from '../builders/user.builder';
import { api, Session, userOf } from '../helpers/api-client';
import {
  eventually,
  quietPeriod,
  record,
  request as ask,
  socketsOfEachTest,
} from '../helpers/socket-client';
import { Cluster, Instance } from './instances';

/**
 * Membership across instances (#14): a removal answered by one instance has taken the user's
 * sockets on every other instance out of the room by the time it answers.
 */
describe('Membership across instances sharing PostgreSQL and Redis', () => {
  const cluster = new Cluster();
  let a: Instance;
  let b: Instance;
  const sockets = socketsOfEachTest();

  beforeAll(async () => ([a, b] = await cluster.createAndStart(2)));
  afterAll(() => cluster.destroy());

  const on = (instance: Instance, session: Session, roomId?: string) =>
    sockets.open(instance, session, roomId);

  const as = (session: Session) => ({ Authorization: `Bearer ${session.accessToken}` });

  async function privateRoomOf(owner: Session, ...members: Session[]) {
    const room = await api(a).createRoom(owner, aRoomName('private'), undefined, 'private');
    for (const member of members) await api(a).addMember(owner, room.id, member);
    return room;
  }

  it('a removal on B takes the socket on A out at once: room:removed, then no message:new of the room', async () => {
    const [alice, bob] = await Promise.all([api(a).signUp(), api(b).signUp()]);
    const room = await privateRoomOf(alice, bob);
    const aliceOnA = await on(a, alice, room.id);
    const aliceOnB = await on(b, alice, room.id);
    const bobOnA = await on(a, bob, room.id);
    const [presence, members] = [record(aliceOnB, 'presence'), record(aliceOnB, 'room:member')];
    const [bobNews, bobRemoved] = [record(bobOnA, 'message:new'), record(bobOnA, 'room:removed')];

    await request(b.url)
      .delete(`/api/rooms/${room.id}/members/${bob.user.id}`)
      .set(as(alice))
      .expect(204);
    // Straight after the answer, from both instances: A delivers its own commits locally at
    // once, so bob's socket there must already be out of the room.
    const [fromA, fromB] = await Promise.all([
      ask(aliceOnA, 'message:send', { roomId: room.id, body: 'sent on A' }),
      request(b.url)
        .post(`/api/rooms/${room.id}/messages`)
        .set(as(alice))
        .send({ body: 'posted on B' })
        .expect(201),
    ]);
    expect(fromA).toMatchObject({ ok: true });

    await eventually(() => expect(bobRemoved).toEqual([{ roomId: room.id }]));
    await eventually(() =>
      expect(members).toEqual([{ roomId: room.id, userId: bob.user.id, member: null }]),
    );
    await eventually(() =>
      expect(presence).toContainEqual({ roomId: room.id, joined: [], left: [userOf(bob)] }),
    );
    expect(await ask(bobOnA, 'message:send', { roomId: room.id, body: 'still here?' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.any(String) },
    });
    await quietPeriod(500);
    expect(bobNews.map((m) => m.id)).not.toContain(fromA.message.id);
    expect(bobNews.map((m) => m.id)).not.toContain(fromB.body.id);
    expect(bobNews).toEqual([]);
  });

  it('a ban on A reaches the user’s sockets on both instances; presence says left once', async () => {
    const [alice, bob] = await Promise.all([api(a).signUp(), api(b).signUp()]);
    const room = await api(a).createRoom(alice, aRoomName('public'));
    const aliceOnB = await on(b, alice, room.id);
    const [bobOnA, bobOnB] = [await on(a, bob, room.id), await on(b, bob, room.id)];
    const presence = record(aliceOnB, 'presence');
    const inboxes = [bobOnA, bobOnB].map((socket) => ({
      news: record(socket, 'message:new'),
      removed: record(socket, 'room:removed'),
    }));

    await request(a.url)
      .put(`/api/rooms/${room.id}/bans/${bob.user.id}`)
      .set(as(alice))
      .expect(204);
    const posted = await api(b).post(alice, room.id, 'after the ban');

    for (const inbox of inboxes) {
      await eventually(() => expect(inbox.removed).toEqual([{ roomId: room.id }]));
    }
    await eventually(() =>
      expect(presence).toContainEqual({ roomId: room.id, joined: [], left: [userOf(bob)] }),
    );
    expect(await ask(bobOnB, 'room:join', { roomId: room.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    await quietPeriod(500);
    for (const inbox of inboxes) expect(inbox.news.map((m) => m.id)).not.toContain(posted.id);
    expect(presence.filter((p) => p.left.length > 0)).toHaveLength(1);
  });

  it('room:added and room:updated reach sockets on the other instance', async () => {
    const [alice, bob] = await Promise.all([api(a).signUp(), api(b).signUp()]);
    const room = await privateRoomOf(alice);
    const bobOnA = await on(a, bob);
    const added = record(bobOnA, 'room:added');

    await request(b.url)
      .post(`/api/rooms/${room.id}/members`)
      .set(as(alice))
      .send({ userId: bob.user.id })
      .expect(201);
    await eventually(() =>
      expect(added).toEqual([
        expect.objectContaining({
          id: room.id,
          membership: expect.objectContaining({ role: 'member' }),
        }),
      ]),
    );

    expect(await ask(bobOnA, 'room:join', { roomId: room.id })).toMatchObject({ ok: true });
    const updated = record(bobOnA, 'room:updated');
    const name = aRoomName('renamed');
    await request(b.url).patch(`/api/rooms/${room.id}`).set(as(alice)).send({ name }).expect(200);
    await eventually(() =>
      expect(updated).toEqual([expect.objectContaining({ id: room.id, name })]),
    );
  });
});
