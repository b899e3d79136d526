import { aRoomName } from './builders/user.builder';
import { api, Session, userOf } from './helpers/api-client';
import {
  eventually,
  quietPeriod,
  record,
  request as ask,
  socketsOfEachTest,
} from './helpers/socket-client';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * Membership on the realtime and message paths (#14 phase 2): who may join, post and read;
 * room:added, room:removed, room:updated and room:member; a removed user's sockets leave the
 * room at once and hear nothing more of it.
 */
describe('Membership over sockets and the message routes (e2e)', () => {
  let testApp: TestApp;
  let client: ReturnType<typeof api>;
  const sockets = socketsOfEachTest();

  beforeAll(async () => {
    testApp = await startTestApp();
    client = api(testApp);
  });
  afterAll(() => testApp.close());

  const http = () => client.http();
  const as = (session: Session) => ({ Authorization: `Bearer ${session.accessToken}` });

  const socketOf = (session: Session, roomId?: string) => sockets.open(testApp, session, roomId);

  async function privateRoomOf(owner: Session, ...members: Session[]) {
    const room = await client.createRoom(owner, aRoomName('private'), undefined, 'private');
    for (const member of members) await client.addMember(owner, room.id, member);
    return room;
  }

  const refusal = (code: string) => ({ ok: false, error: { code, message: expect.any(String) } });

  describe('room:join', () => {
    it('answers NOT_FOUND for a private room to a non-member, on every event, as for no room', async () => {
      const [alice, eve] = [await client.signUp(), await client.signUp()];
      const room = await privateRoomOf(alice);
      const socket = await socketOf(eve);
      const created = record(socket, 'room:created');

      const join = await ask(socket, 'room:join', { roomId: room.id, afterSeq: 0 });
      expect(join).toEqual(refusal('NOT_FOUND'));
      expect(join.error.message).toBe('Room not found');
      expect(await ask(socket, 'message:send', { roomId: room.id, body: 'x' })).toEqual(
        refusal('NOT_FOUND'),
      );
      expect(await ask(socket, 'typing', { roomId: room.id, isTyping: true })).toEqual(
        refusal('NOT_FOUND'),
      );
      await quietPeriod(100);
      expect(created).toEqual([]);
    });

    it('lets a member in, with their own membership in the ack', async () => {
      const [alice, bob] = [await client.signUp(), await client.signUp()];
      const room = await privateRoomOf(alice, bob);
      const joined = await ask(await socketOf(bob), 'room:join', { roomId: room.id });
      expect(joined).toMatchObject({
        ok: true,
        room: { id: room.id, kind: 'private', membership: { role: 'member' } },
        users: [userOf(bob)],
      });
    });

    it('makes the joiner of a public room a member: room:added to their sockets, room:member to the room', async () => {
      const [alice, bob] = [await client.signUp(), await client.signUp()];
      const room = await client.createRoom(alice, aRoomName('public'));
      await client.post(alice, room.id, 'before bob');
      const aliceSocket = await socketOf(alice, room.id);
      const toRoom = record(aliceSocket, 'room:member');
      const bobSocket = await socketOf(bob);
      const bobElsewhere = await socketOf(bob);
      const addedHere = record(bobSocket, 'room:added');
      const addedElsewhere = record(bobElsewhere, 'room:added');

      const joined = await ask(bobSocket, 'room:join', { roomId: room.id });
      expect(joined).toMatchObject({
        ok: true,
        room: { id: room.id, membership: { role: 'member', lastReadSeq: 1, unread: 0 } },
      });
      const member = {
        user: {
          id: bob.user.id,
          username: bob.user.username,
          displayName: bob.user.username,
          avatarUrl: null,
        },
        role: 'member',
      };
      await eventually(() =>
        expect(toRoom).toEqual([
          { roomId: room.id, userId: bob.user.id, member: expect.objectContaining(member) },
        ]),
      );
      for (const added of [addedHere, addedElsewhere]) {
        await eventually(() =>
          expect(added).toEqual([
            expect.objectContaining({ id: room.id, membership: expect.any(Object) }),
          ]),
        );
      }
      const { body } = await http().get(`/api/rooms/${room.id}/members`).set(as(alice)).expect(200);
      expect(body.members.map((m: { user: { id: string } }) => m.user.id)).toContain(bob.user.id);

      // Joining again changes nothing and announces nothing.
      expect(await ask(bobSocket, 'room:join', { roomId: room.id })).toMatchObject({ ok: true });
      await quietPeriod(100);
      expect(toRoom).toHaveLength(1);
      expect(addedHere).toHaveLength(1);
    });

    it('refuses a banned user with FORBIDDEN, and the REST message routes with 403', async () => {
      const [alice, bob] = [await client.signUp(), await client.signUp()];
      const room = await client.createRoom(alice, aRoomName('public'));
      await http().put(`/api/rooms/${room.id}/bans/${bob.user.id}`).set(as(alice)).expect(204);

      const socket = await socketOf(bob);
      expect(await ask(socket, 'room:join', { roomId: room.id })).toEqual(refusal('FORBIDDEN'));
      expect(await ask(socket, 'message:send', { roomId: room.id, body: 'x' })).toEqual(
        refusal('NOT_JOINED'),
      );
      await http()
        .post(`/api/rooms/${room.id}/messages`)
        .set(as(bob))
        .send({ body: 'x' })
        .expect(403);
      await http().get(`/api/rooms/${room.id}/messages`).set(as(bob)).expect(403);
    });
  });

  describe('REST messages', () => {
    it('answers 404 to a non-member of a private or direct room, reading or posting', async () => {
      const [alice, bob, eve] = [
        await client.signUp(),
        await client.signUp(),
        await client.signUp(),
      ];
      const room = await privateRoomOf(alice);
      const { body: direct } = await http()
        .post('/api/direct')
        .set(as(alice))
        .send({ userIds: [bob.user.id] })
        .expect(201);
      for (const roomId of [room.id, direct.id]) {
        await client.post(alice, roomId, 'secret');
        const read = await http().get(`/api/rooms/${roomId}/messages`).set(as(eve)).expect(404);
        expect(read.body.message).toBe('Room not found');
        await http()
          .post(`/api/rooms/${roomId}/messages`)
          .set(as(eve))
          .send({ body: 'let me in' })
          .expect(404);
        await http().get(`/api/rooms/${roomId}/messages?after=0`).set(as(alice)).expect(200);
      }
      const { body } = await http()
        .get(`/api/rooms/${direct.id}/messages`)
        .set(as(bob))
        .expect(200);
      expect(body.messages.map((m: { body: string }) => m.body)).toEqual(['secret']);
    });

    it('makes the sender of a post to a public room a member; reading does not', async () => {
      const [alice, bob, carol] = [
        await client.signUp(),
        await client.signUp(),
        await client.signUp(),
      ];
      const room = await client.createRoom(alice, aRoomName('public'));
      const bobSocket = await socketOf(bob);
      const added = record(bobSocket, 'room:added');

      await http().get(`/api/rooms/${room.id}/messages`).set(as(carol)).expect(200);
      await client.post(bob, room.id, 'hello');

      const { body } = await http().get(`/api/rooms/${room.id}/members`).set(as(alice)).expect(200);
      expect(body.members.map((m: { user: { id: string } }) => m.user.id).sort()).toEqual(
        [alice.user.id, bob.user.id].sort(),
      );
      await eventually(() => expect(added).toEqual([expect.objectContaining({ id: room.id })]));
    });
  });

  describe('room:added', () => {
    it('goes to every socket of an added user, joined anywhere or not; room:member to the room', async () => {
      const [alice, bob] = [await client.signUp(), await client.signUp()];
      const room = await privateRoomOf(alice);
      const aliceSocket = await socketOf(alice, room.id);
      const toRoom = record(aliceSocket, 'room:member');
      const [bob1, bob2] = [await socketOf(bob), await socketOf(bob)];
      const inboxes = [record(bob1, 'room:added'), record(bob2, 'room:added')];

      await client.addMember(alice, room.id, bob);

      for (const inbox of inboxes) {
        await eventually(() => expect(inbox).toHaveLength(1));
        expect(inbox[0]).toMatchObject({
          id: room.id,
          kind: 'private',
          memberCount: 2,
          membership: { role: 'member', unread: 0, notify: 'mentions' },
        });
      }
      await eventually(() =>
        expect(toRoom).toEqual([
          {
            roomId: room.id,
            userId: bob.user.id,
            member: {
              user: {
                id: bob.user.id,
                username: bob.user.username,
                displayName: bob.user.username,
                avatarUrl: null,
              },
              role: 'member',
              joinedAt: expect.any(String),
            },
          },
        ]),
      );
      // Now bob may join.
      expect(await ask(bob1, 'room:join', { roomId: room.id })).toMatchObject({ ok: true });
    });

    it('goes to the creator of a private room, and to nobody else', async () => {
      const [alice, bob] = [await client.signUp(), await client.signUp()];
      const [aliceSocket, bobSocket] = [await socketOf(alice), await socketOf(bob)];
      const aliceAdded = record(aliceSocket, 'room:added');
      const bobAdded = record(bobSocket, 'room:added');
      const bobCreated = record(bobSocket, 'room:created');

      const room = await client.createRoom(alice, aRoomName('private'), undefined, 'private');

      await eventually(() =>
        expect(aliceAdded).toEqual([
          expect.objectContaining({
            id: room.id,
            membership: expect.objectContaining({ role: 'owner' }),
          }),
        ]),
      );
      await quietPeriod(100);
      expect(bobAdded).toEqual([]);
      expect(bobCreated).toEqual([]);
    });

    it('goes to each participant of a new direct room, with their own membership', async () => {
      const [alice, bob, carol, eve] = [
        await client.signUp(),
        await client.signUp(),
        await client.signUp(),
        await client.signUp(),
      ];
      const inboxes = await Promise.all(
        [alice, bob, carol, eve].map(async (session) =>
          record(await socketOf(session), 'room:added'),
        ),
      );
      const { body: direct } = await http()
        .post('/api/direct')
        .set(as(alice))
        .send({ userIds: [bob.user.id, carol.user.id] })
        .expect(201);

      for (const inbox of inboxes.slice(0, 3)) {
        await eventually(() => expect(inbox).toHaveLength(1));
        expect(inbox[0]).toMatchObject({
          id: direct.id,
          kind: 'direct',
          name: '',
          members: expect.any(Array),
          membership: { role: 'member', notify: 'all' },
        });
        expect(inbox[0].members).toHaveLength(3);
      }
      // Opening it again adds nobody.
      await http()
        .post('/api/direct')
        .set(as(bob))
        .send({ userIds: [alice.user.id, carol.user.id] })
        .expect(200);
      await quietPeriod(100);
      expect(inboxes.map((inbox) => inbox.length)).toEqual([1, 1, 1, 0]);
    });
  });

  describe('removal', () => {
    it('takes the user’s sockets out of the room at once: room:removed, then nothing more of it', async () => {
      const [alice, bob] = [await client.signUp(), await client.signUp()];
      const room = await privateRoomOf(alice, bob);
      const aliceSocket = await socketOf(alice, room.id);
      const bobJoined = await socketOf(bob, room.id);
      const bobElsewhere = await socketOf(bob);
      await eventually(async () =>
        expect((await ask(aliceSocket, 'room:join', { roomId: room.id })).users).toHaveLength(2),
      );
      const [presence, members] = [
        record(aliceSocket, 'presence'),
        record(aliceSocket, 'room:member'),
      ];
      const bobNews = record(bobJoined, 'message:new');
      const bobPresence = record(bobJoined, 'presence');
      const bobTyping = record(bobJoined, 'typing');
      const bobMembers = record(bobJoined, 'room:member');
      const removedHere = record(bobJoined, 'room:removed');
      const removedElsewhere = record(bobElsewhere, 'room:removed');

      await http()
        .delete(`/api/rooms/${room.id}/members/${bob.user.id}`)
        .set(as(alice))
        .expect(204);
      // Right after the answer: nothing of the room reaches bob any more.
      const after = await client.post(alice, room.id, 'after bob left');
      await ask(aliceSocket, 'typing', { roomId: room.id, isTyping: true });

      for (const removed of [removedHere, removedElsewhere]) {
        await eventually(() => expect(removed).toEqual([{ roomId: room.id }]));
      }
      await eventually(() =>
        expect(presence).toContainEqual({ roomId: room.id, joined: [], left: [userOf(bob)] }),
      );
      await eventually(() =>
        expect(members).toEqual([{ roomId: room.id, userId: bob.user.id, member: null }]),
      );
      expect(
        await ask(bobJoined, 'message:send', { roomId: room.id, body: 'still here?' }),
      ).toEqual(refusal('NOT_FOUND'));
      expect(await ask(bobJoined, 'typing', { roomId: room.id, isTyping: true })).toEqual(
        refusal('NOT_FOUND'),
      );
      expect(await ask(bobJoined, 'room:join', { roomId: room.id })).toEqual(refusal('NOT_FOUND'));
      await quietPeriod();
      expect(bobNews.map((m) => m.id)).not.toContain(after.id);
      expect(bobNews).toEqual([]);
      expect(bobPresence).toEqual([]);
      expect(bobTyping).toEqual([]);
      expect(bobMembers).toEqual([]);
      // Alice's presence list no longer has bob.
      const rejoin = await ask(aliceSocket, 'room:join', { roomId: room.id });
      expect(rejoin.users).toEqual([userOf(alice)]);
    });

    it('of a public room: a send is NOT_JOINED until the user joins (and so becomes a member) again', async () => {
      const [alice, bob] = [await client.signUp(), await client.signUp()];
      const room = await client.createRoom(alice, aRoomName('public'));
      const bobSocket = await socketOf(bob, room.id);
      const removed = record(bobSocket, 'room:removed');
      await http()
        .delete(`/api/rooms/${room.id}/members/${bob.user.id}`)
        .set(as(alice))
        .expect(204);
      await eventually(() => expect(removed).toEqual([{ roomId: room.id }]));
      expect(await ask(bobSocket, 'message:send', { roomId: room.id, body: 'x' })).toEqual(
        refusal('NOT_JOINED'),
      );
      expect(await ask(bobSocket, 'room:join', { roomId: room.id })).toMatchObject({ ok: true });
      expect(await ask(bobSocket, 'message:send', { roomId: room.id, body: 'back' })).toMatchObject(
        {
          ok: true,
        },
      );
    });

    it('by leaving ("me") or a ban works the same; a banned user cannot join again', async () => {
      const [alice, bob, carol] = [
        await client.signUp(),
        await client.signUp(),
        await client.signUp(),
      ];
      const room = await client.createRoom(alice, aRoomName('public'));
      const aliceSocket = await socketOf(alice, room.id);
      const members = record(aliceSocket, 'room:member');
      const [bobSocket, carolSocket] = [
        await socketOf(bob, room.id),
        await socketOf(carol, room.id),
      ];
      const [bobRemoved, carolRemoved] = [
        record(bobSocket, 'room:removed'),
        record(carolSocket, 'room:removed'),
      ];
      const [bobNews, carolNews] = [
        record(bobSocket, 'message:new'),
        record(carolSocket, 'message:new'),
      ];

      await http().delete(`/api/rooms/${room.id}/members/me`).set(as(bob)).expect(204);
      await http().put(`/api/rooms/${room.id}/bans/${carol.user.id}`).set(as(alice)).expect(204);
      await client.post(alice, room.id, 'without them');

      await eventually(() => expect(bobRemoved).toEqual([{ roomId: room.id }]));
      await eventually(() => expect(carolRemoved).toEqual([{ roomId: room.id }]));
      await eventually(() =>
        expect(members.filter((m) => m.member === null).map((m) => m.userId)).toEqual([
          bob.user.id,
          carol.user.id,
        ]),
      );
      expect(await ask(carolSocket, 'room:join', { roomId: room.id })).toEqual(
        refusal('FORBIDDEN'),
      );
      await quietPeriod();
      expect(bobNews).toEqual([]);
      expect(carolNews).toEqual([]);
    });
  });

  describe('room:updated and room:member', () => {
    it('a rename goes to the room without membership; a role change as room:member', async () => {
      const [alice, bob, eve] = [
        await client.signUp(),
        await client.signUp(),
        await client.signUp(),
      ];
      const room = await client.createRoom(alice, aRoomName('public'));
      const bobSocket = await socketOf(bob, room.id);
      const eveSocket = await socketOf(eve);
      const [updates, members] = [
        record(bobSocket, 'room:updated'),
        record(bobSocket, 'room:member'),
      ];
      const eveUpdates = record(eveSocket, 'room:updated');

      const name = aRoomName('renamed');
      await http().patch(`/api/rooms/${room.id}`).set(as(alice)).send({ name }).expect(200);
      await eventually(() => expect(updates).toHaveLength(1));
      expect(updates[0]).toMatchObject({ id: room.id, name, kind: 'public' });
      expect(updates[0]).not.toHaveProperty('membership');

      await http()
        .patch(`/api/rooms/${room.id}/members/${bob.user.id}`)
        .set(as(alice))
        .send({ role: 'admin' })
        .expect(200);
      await eventually(() =>
        expect(members).toContainEqual({
          roomId: room.id,
          userId: bob.user.id,
          member: expect.objectContaining({ role: 'admin' }),
        }),
      );
      await quietPeriod(100);
      expect(eveUpdates).toEqual([]);
    });
  });
});
