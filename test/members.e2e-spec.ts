import { randomUUID } from 'node:crypto';
import { aRoomName } from './builders/user.builder';
import { api, Session } from './helpers/api-client';
import { recordDomainEvents } from './helpers/domain-events';
import { connectAs, quietPeriod, record } from './helpers/socket-client';
import { startTestApp, TestApp } from './helpers/test-app';
import { MembersService } from '../src/members/members.service';
import {
  MemberAddedEvent,
  MemberEvent,
  MemberRemovedEvent,
  MemberUpdatedEvent,
} from '../src/members/member-events';
import { RoomEvent, RoomUpdatedEvent } from '../src/rooms/room-events';

describe('Membership, private rooms, moderation (e2e)', () => {
  let testApp: TestApp;
  let client: ReturnType<typeof api>;
  let added: MemberAddedEvent[];
  let updated: MemberUpdatedEvent[];
  let removed: MemberRemovedEvent[];
  let roomUpdates: RoomUpdatedEvent[];
  let created: unknown[];

  beforeAll(async () => {
    testApp = await startTestApp();
    client = api(testApp);
    added = recordDomainEvents(testApp, MemberEvent.Added);
    updated = recordDomainEvents(testApp, MemberEvent.Updated);
    removed = recordDomainEvents(testApp, MemberEvent.Removed);
    roomUpdates = recordDomainEvents(testApp, RoomEvent.Updated);
    created = recordDomainEvents(testApp, RoomEvent.Created);
  });
  afterAll(() => testApp.close());

  const http = () => client.http();
  const as = (session: Session) => ({ Authorization: `Bearer ${session.accessToken}` });
  const members = (roomId: string) => `/api/rooms/${roomId}/members`;

  /** A room of `owner` with the given others added, and roles set. */
  async function roomWith(
    owner: Session,
    others: { session: Session; role?: 'owner' | 'admin' | 'member' }[] = [],
    kind: 'public' | 'private' = 'private',
  ) {
    const room = await client.createRoom(owner, aRoomName(kind), undefined, kind);
    for (const { session, role } of others) {
      await client.addMember(owner, room.id, session);
      if (role && role !== 'member') {
        await http()
          .patch(`${members(room.id)}/${session.user.id}`)
          .set(as(owner))
          .send({ role })
          .expect(200);
      }
    }
    return room;
  }

  describe('private rooms', () => {
    it('are created with the creator as owner, announced only to the creator', async () => {
      const alice = await client.signUp();
      const bob = await client.signUp();
      const bobSocket = await connectAs(testApp, bob);
      const aliceSocket = await connectAs(testApp, alice);
      try {
        const bobSees = record(bobSocket, 'room:created');
        const aliceSees = record(aliceSocket, 'room:created');
        const name = aRoomName('secret');
        const { body: room } = await http()
          .post('/api/rooms')
          .set(as(alice))
          .send({ name, kind: 'private' })
          .expect(201);
        expect(room).toEqual({
          id: expect.any(String),
          name,
          description: '',
          createdBy: {
            id: alice.user.id,
            username: alice.user.username,
            displayName: alice.user.username,
            avatarUrl: null,
          },
          createdAt: expect.any(String),
          lastSeq: 0,
          kind: 'private',
          lastChange: 0,
          memberCount: 1,
          membership: { role: 'owner', lastReadSeq: 0, unread: 0, mentions: 0, notify: 'mentions' },
        });
        expect(added).toContainEqual({
          roomId: room.id,
          userId: alice.user.id,
          member: {
            user: {
              id: alice.user.id,
              username: alice.user.username,
              displayName: alice.user.username,
              avatarUrl: null,
            },
            role: 'owner',
            joinedAt: expect.any(String),
          },
          room,
          reason: 'created',
          byUserId: alice.user.id,
        });
        await quietPeriod();
        expect(bobSees).toEqual([]);
        expect(aliceSees).toEqual([]);
        expect(created).not.toContainEqual(
          expect.objectContaining({ room: expect.objectContaining({ id: room.id }) }),
        );
      } finally {
        bobSocket.disconnect();
        aliceSocket.disconnect();
      }
    });

    it('are invisible to non-members: 404 on every route, never listed', async () => {
      const alice = await client.signUp();
      const bob = await client.signUp();
      const room = await roomWith(alice);
      await http().get(`/api/rooms/${room.id}`).set(as(bob)).expect(404);
      await http().get(members(room.id)).set(as(bob)).expect(404);
      await http().post(members(room.id)).set(as(bob)).send({ userId: bob.user.id }).expect(404);
      await http()
        .delete(`${members(room.id)}/me`)
        .set(as(bob))
        .expect(404);
      await http()
        .patch(`${members(room.id)}/me`)
        .set(as(bob))
        .send({ notify: 'all' })
        .expect(404);
      await http().put(`/api/rooms/${room.id}/bans/${alice.user.id}`).set(as(bob)).expect(404);
      await http().delete(`/api/rooms/${room.id}/bans/${alice.user.id}`).set(as(bob)).expect(404);
      await http().patch(`/api/rooms/${room.id}`).set(as(bob)).send({ name: 'x' }).expect(404);
      const notFound = await http().get(`/api/rooms/${room.id}`).set(as(bob)).expect(404);
      const unknown = await http().get(`/api/rooms/${randomUUID()}`).set(as(bob)).expect(404);
      expect(notFound.body).toEqual(unknown.body);
      const { body: list } = await http().get('/api/rooms').set(as(bob)).expect(200);
      expect(list.map((r: { id: string }) => r.id)).not.toContain(room.id);
      const { body: own } = await http().get('/api/rooms').set(as(alice)).expect(200);
      expect(own.map((r: { id: string }) => r.id)).toContain(room.id);
    });

    it('refuses kind "direct" or an unknown kind with 400', async () => {
      const alice = await client.signUp();
      for (const kind of ['direct', 'secret', 1]) {
        const response = await http()
          .post('/api/rooms')
          .set(as(alice))
          .send({ name: aRoomName(), kind })
          .expect(400);
        expect(response.body.message.join(' ')).toContain('kind');
      }
    });
  });

  describe('GET /api/rooms', () => {
    it('lists public rooms and the caller’s own; member=true only the caller’s own', async () => {
      const alice = await client.signUp();
      const bob = await client.signUp();
      const publicRoom = await client.createRoom(alice, aRoomName('pub'));
      const privateRoom = await roomWith(alice, [{ session: bob }]);
      const bobsOwn = await client.createRoom(bob, aRoomName('bobs'));

      const { body: all } = await http().get('/api/rooms').set(as(bob)).expect(200);
      const byId = new Map(all.map((room: { id: string }) => [room.id, room]));
      expect(byId.get(publicRoom.id)).toMatchObject({
        kind: 'public',
        membership: null,
        memberCount: 1,
      });
      expect(byId.get(privateRoom.id)).toMatchObject({
        kind: 'private',
        memberCount: 2,
        membership: { role: 'member', notify: 'mentions' },
      });
      expect(byId.get(bobsOwn.id)).toMatchObject({ membership: { role: 'owner' } });

      const { body: mine } = await http().get('/api/rooms?member=true').set(as(bob)).expect(200);
      const mineIds = mine.map((room: { id: string }) => room.id);
      expect(mineIds).toEqual(expect.arrayContaining([privateRoom.id, bobsOwn.id]));
      expect(mineIds).not.toContain(publicRoom.id);
      expect(mine.every((room: { membership: unknown }) => room.membership !== null)).toBe(true);

      await http().get('/api/rooms?member=yes').set(as(bob)).expect(400);
    });

    it('counts unread messages from others after lastReadSeq; a new member starts at lastSeq', async () => {
      const alice = await client.signUp();
      const bob = await client.signUp();
      const room = await client.createRoom(alice, aRoomName(), undefined, 'private');
      await client.post(alice, room.id, 'before bob');
      await client.post(alice, room.id, 'before bob, again');
      await client.addMember(alice, room.id, bob);
      const { body: joined } = await http().get(`/api/rooms/${room.id}`).set(as(bob)).expect(200);
      expect(joined.membership).toMatchObject({ lastReadSeq: 2, unread: 0, mentions: 0 });

      await client.post(alice, room.id, 'one');
      await client.post(alice, room.id, 'two');
      await client.post(bob, room.id, 'mine');
      const { body: list } = await http().get('/api/rooms').set(as(bob)).expect(200);
      const seen = list.find((r: { id: string }) => r.id === room.id);
      expect(seen.lastSeq).toBe(5);
      expect(seen.membership).toMatchObject({ lastReadSeq: 2, unread: 2, mentions: 0 });
      const { body: alices } = await http().get(`/api/rooms/${room.id}`).set(as(alice)).expect(200);
      expect(alices.membership).toMatchObject({ lastReadSeq: 0, unread: 1 });
    });
  });

  describe('POST /api/rooms/:id/members', () => {
    it('owners and admins add; the member starts at lastSeq and gets room:added (event)', async () => {
      const alice = await client.signUp();
      const admin = await client.signUp();
      const carol = await client.signUp();
      const room = await roomWith(alice, [{ session: admin, role: 'admin' }]);
      await client.post(alice, room.id, 'hello');

      const response = await http()
        .post(members(room.id))
        .set(as(admin))
        .send({ userId: carol.user.id })
        .expect(201);
      expect(response.body).toEqual({
        user: {
          id: carol.user.id,
          username: carol.user.username,
          displayName: carol.user.username,
          avatarUrl: null,
        },
        role: 'member',
        joinedAt: expect.any(String),
      });
      const event = added.find((e) => e.roomId === room.id && e.userId === carol.user.id);
      expect(event).toMatchObject({
        reason: 'added',
        byUserId: admin.user.id,
        member: response.body,
        room: {
          id: room.id,
          kind: 'private',
          memberCount: 3,
          membership: { role: 'member', lastReadSeq: 1, unread: 0, notify: 'mentions' },
        },
      });
      // Adding a member again answers the member and announces nothing.
      const before = added.length;
      await http()
        .post(members(room.id))
        .set(as(alice))
        .send({ userId: carol.user.id })
        .expect(201);
      expect(added.length).toBe(before);
    });

    it('refuses members and non-members (403), unknown users (404), bad ids (400)', async () => {
      const alice = await client.signUp();
      const bob = await client.signUp();
      const carol = await client.signUp();
      const room = await roomWith(alice, [{ session: bob }]);
      const publicRoom = await client.createRoom(alice, aRoomName('pub'));
      const add = (by: Session, roomId: string, userId: string) =>
        http().post(members(roomId)).set(as(by)).send({ userId });

      const forbidden = await add(bob, room.id, carol.user.id).expect(403);
      expect(forbidden.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      await add(carol, publicRoom.id, carol.user.id).expect(403);
      await add(alice, room.id, randomUUID()).expect(404);
      await add(alice, randomUUID(), carol.user.id).expect(404);
      await add(alice, room.id, 'not-a-uuid').expect(400);
      await http()
        .post(`/api/rooms/nope/members`)
        .set(as(alice))
        .send({ userId: carol.user.id })
        .expect(400);
      await http().post(members(room.id)).set(as(alice)).send({}).expect(400);
    });
  });

  describe('DELETE /api/rooms/:id/members/:userId', () => {
    it('owners remove anyone; admins remove members and admins', async () => {
      const owner = await client.signUp();
      const coOwner = await client.signUp();
      const admin = await client.signUp();
      const admin2 = await client.signUp();
      const member = await client.signUp();
      const room = await roomWith(owner, [
        { session: coOwner, role: 'owner' },
        { session: admin, role: 'admin' },
        { session: admin2, role: 'admin' },
        { session: member },
      ]);
      const remove = (by: Session, target: Session) =>
        http()
          .delete(`${members(room.id)}/${target.user.id}`)
          .set(as(by));

      await remove(admin, member).expect(204);
      expect(removed).toContainEqual({
        roomId: room.id,
        userId: member.user.id,
        kind: 'private',
        reason: 'removed',
        byUserId: admin.user.id,
      });
      await http().get(`/api/rooms/${room.id}`).set(as(member)).expect(404);
      await remove(admin, admin2).expect(204);
      await remove(admin, coOwner).expect(403);
      await remove(owner, coOwner).expect(204);
      await remove(owner, admin).expect(204);
      await remove(owner, member).expect(404);
    });

    it('members remove nobody else (403); anyone leaves with "me" or their own id', async () => {
      const owner = await client.signUp();
      const bob = await client.signUp();
      const carol = await client.signUp();
      const room = await roomWith(owner, [{ session: bob }, { session: carol }]);
      await http()
        .delete(`${members(room.id)}/${carol.user.id}`)
        .set(as(bob))
        .expect(403);
      await http()
        .delete(`${members(room.id)}/me`)
        .set(as(bob))
        .expect(204);
      expect(removed).toContainEqual(
        expect.objectContaining({ roomId: room.id, userId: bob.user.id, reason: 'left' }),
      );
      await http()
        .delete(`${members(room.id)}/${carol.user.id}`)
        .set(as(carol))
        .expect(204);
      // Gone: the private room no longer exists for them.
      await http()
        .delete(`${members(room.id)}/me`)
        .set(as(bob))
        .expect(404);
    });

    it('a non-member of a public room: leaving is 404, removing others 403', async () => {
      const owner = await client.signUp();
      const stranger = await client.signUp();
      const room = await client.createRoom(owner, aRoomName('pub'));
      await http()
        .delete(`${members(room.id)}/me`)
        .set(as(stranger))
        .expect(404);
      await http()
        .delete(`${members(room.id)}/${owner.user.id}`)
        .set(as(stranger))
        .expect(403);
    });

    it('the last owner cannot leave or be removed (409); an admin removing an owner is 403 first', async () => {
      const owner = await client.signUp();
      const admin = await client.signUp();
      const room = await roomWith(owner, [{ session: admin, role: 'admin' }]);
      const conflict = await http()
        .delete(`${members(room.id)}/me`)
        .set(as(owner))
        .expect(409);
      expect(conflict.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
      await http()
        .delete(`${members(room.id)}/${owner.user.id}`)
        .set(as(owner))
        .expect(409);
      await http()
        .delete(`${members(room.id)}/${owner.user.id}`)
        .set(as(admin))
        .expect(403);

      await http()
        .patch(`${members(room.id)}/${admin.user.id}`)
        .set(as(owner))
        .send({ role: 'owner' })
        .expect(200);
      await http()
        .delete(`${members(room.id)}/me`)
        .set(as(owner))
        .expect(204);
      await http()
        .delete(`${members(room.id)}/me`)
        .set(as(admin))
        .expect(409);
    });

    it('rejects a user id that is neither a UUID nor "me" with 400', async () => {
      const owner = await client.signUp();
      const room = await client.createRoom(owner, aRoomName());
      await http()
        .delete(`${members(room.id)}/someone`)
        .set(as(owner))
        .expect(400);
    });
  });

  describe('PATCH /api/rooms/:id/members/:userId', () => {
    it('owners change roles (200 Member, event); admins and members get 403', async () => {
      const owner = await client.signUp();
      const admin = await client.signUp();
      const bob = await client.signUp();
      const room = await roomWith(owner, [{ session: admin, role: 'admin' }, { session: bob }]);
      const setRole = (by: Session, target: Session, role: string) =>
        http()
          .patch(`${members(room.id)}/${target.user.id}`)
          .set(as(by))
          .send({ role });

      const response = await setRole(owner, bob, 'admin').expect(200);
      expect(response.body).toEqual({
        user: {
          id: bob.user.id,
          username: bob.user.username,
          displayName: bob.user.username,
          avatarUrl: null,
        },
        role: 'admin',
        joinedAt: expect.any(String),
      });
      expect(updated).toContainEqual({
        roomId: room.id,
        userId: bob.user.id,
        member: response.body,
        byUserId: owner.user.id,
      });
      await setRole(admin, bob, 'member').expect(403);
      await setRole(bob, admin, 'owner').expect(403);
      await setRole(owner, bob, 'king').expect(400);
      const stranger = await client.signUp();
      await setRole(owner, stranger, 'admin').expect(404);
    });

    it('demoting the last owner is 409, also oneself; with two owners it works', async () => {
      const owner = await client.signUp();
      const bob = await client.signUp();
      const room = await roomWith(owner, [{ session: bob }]);
      await http()
        .patch(`${members(room.id)}/me`)
        .set(as(owner))
        .send({ role: 'admin' })
        .expect(409);
      await http()
        .patch(`${members(room.id)}/${bob.user.id}`)
        .set(as(owner))
        .send({ role: 'owner' })
        .expect(200);
      await http()
        .patch(`${members(room.id)}/${owner.user.id}`)
        .set(as(bob))
        .send({ role: 'member' })
        .expect(200);
      await http()
        .patch(`${members(room.id)}/me`)
        .set(as(bob))
        .send({ role: 'member' })
        .expect(409);
    });

    it('keeps an owner when two owners demote each other at once', async () => {
      const a = await client.signUp();
      const b = await client.signUp();
      const room = await roomWith(a, [{ session: b, role: 'owner' }]);
      const results = await Promise.all([
        http()
          .patch(`${members(room.id)}/${b.user.id}`)
          .set(as(a))
          .send({ role: 'member' }),
        http()
          .patch(`${members(room.id)}/${a.user.id}`)
          .set(as(b))
          .send({ role: 'member' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 403]);
      const { body } = await http()
        .get(`${members(room.id)}`)
        .set(as(a))
        .expect(200);
      expect(body.members.filter((m: { role: string }) => m.role === 'owner')).toHaveLength(1);
    });

    it('members set their own notify level on "me" and get the Room', async () => {
      const owner = await client.signUp();
      const bob = await client.signUp();
      const room = await roomWith(owner, [{ session: bob }]);
      const response = await http()
        .patch(`${members(room.id)}/me`)
        .set(as(bob))
        .send({ notify: 'none' })
        .expect(200);
      expect(response.body).toMatchObject({
        id: room.id,
        membership: { role: 'member', notify: 'none' },
      });
      const { body } = await http().get(`/api/rooms/${room.id}`).set(as(bob)).expect(200);
      expect(body.membership.notify).toBe('none');

      await http()
        .patch(`${members(room.id)}/${bob.user.id}`)
        .set(as(bob))
        .send({ notify: 'all' })
        .expect(200);
      await http()
        .patch(`${members(room.id)}/${bob.user.id}`)
        .set(as(owner))
        .send({ notify: 'all' })
        .expect(403);
      await http()
        .patch(`${members(room.id)}/me`)
        .set(as(bob))
        .send({ notify: 'loud' })
        .expect(400);
      await http()
        .patch(`${members(room.id)}/me`)
        .set(as(bob))
        .send({ notify: 'all', role: 'owner' })
        .expect(400);
      await http()
        .patch(`${members(room.id)}/me`)
        .set(as(bob))
        .send({})
        .expect(400);

      const publicRoom = await client.createRoom(owner, aRoomName('pub'));
      await http()
        .patch(`${members(publicRoom.id)}/me`)
        .set(as(bob))
        .send({ notify: 'all' })
        .expect(403);
    });
  });

  describe('GET /api/rooms/:id/members', () => {
    it('pages members by username, case-insensitively, for whoever may see the room', async () => {
      const tag = `${process.pid}${Date.now().toString(36)}`.slice(-8);
      const owner = await client.signUp({ username: `c_${tag}` });
      const others = [];
      for (const name of [`B_${tag}`, `a_${tag}`, `D_${tag}`])
        others.push(await client.signUp({ username: name }));
      const room = await client.createRoom(owner, aRoomName('pub'));
      for (const session of others) await client.addMember(owner, room.id, session);
      const stranger = await client.signUp();

      const first = await http()
        .get(`${members(room.id)}?limit=2`)
        .set(as(stranger))
        .expect(200);
      expect(
        first.body.members.map((m: { user: { username: string } }) => m.user.username),
      ).toEqual([`a_${tag}`, `B_${tag}`]);
      expect(first.body.hasMore).toBe(true);
      expect(first.body.members[0]).toEqual({
        user: {
          id: others[1].user.id,
          username: `a_${tag}`,
          displayName: `a_${tag}`,
          avatarUrl: null,
        },
        role: 'member',
        joinedAt: expect.any(String),
      });
      const next = await http()
        .get(`${members(room.id)}?limit=2&after=B_${tag}`)
        .set(as(stranger))
        .expect(200);
      expect(next.body).toEqual({
        members: [
          expect.objectContaining({
            user: expect.objectContaining({ username: `c_${tag}` }),
            role: 'owner',
          }),
          expect.objectContaining({ user: expect.objectContaining({ username: `D_${tag}` }) }),
        ],
        hasMore: false,
      });
      const all = await http().get(members(room.id)).set(as(owner)).expect(200);
      expect(all.body.members).toHaveLength(4);
      for (const limit of ['0', '101', 'x']) {
        await http()
          .get(`${members(room.id)}?limit=${limit}`)
          .set(as(owner))
          .expect(400);
      }
      await http().get(members(randomUUID())).set(as(owner)).expect(404);
    });
  });

  describe('bans', () => {
    it('owners and admins ban; a ban removes the membership, blocks adding and joining', async () => {
      const owner = await client.signUp();
      const admin = await client.signUp();
      const bob = await client.signUp();
      const room = await roomWith(
        owner,
        [{ session: admin, role: 'admin' }, { session: bob }],
        'public',
      );

      await http().put(`/api/rooms/${room.id}/bans/${bob.user.id}`).set(as(admin)).expect(204);
      expect(removed).toContainEqual({
        roomId: room.id,
        userId: bob.user.id,
        kind: 'public',
        reason: 'banned',
        byUserId: admin.user.id,
      });
      const { body } = await http().get(`/api/rooms/${room.id}`).set(as(bob)).expect(200);
      expect(body.membership).toBeNull();
      // Again: still 204, no second removal.
      const removals = removed.length;
      await http().put(`/api/rooms/${room.id}/bans/${bob.user.id}`).set(as(owner)).expect(204);
      expect(removed.length).toBe(removals);

      await http().post(members(room.id)).set(as(owner)).send({ userId: bob.user.id }).expect(403);
      const service = testApp.app.get(MembersService);
      await expect(service.ensureMember(room.id, bob.user)).rejects.toMatchObject({ status: 403 });

      await http().delete(`/api/rooms/${room.id}/bans/${bob.user.id}`).set(as(admin)).expect(204);
      await expect(service.ensureMember(room.id, bob.user)).resolves.toMatchObject({
        role: 'member',
      });
      expect(added).toContainEqual(
        expect.objectContaining({ roomId: room.id, userId: bob.user.id, reason: 'joined' }),
      );
    });

    it('refuses banning an owner (403, for owners and admins) and members who ban (403)', async () => {
      const owner = await client.signUp();
      const coOwner = await client.signUp();
      const admin = await client.signUp();
      const bob = await client.signUp();
      const room = await roomWith(owner, [
        { session: coOwner, role: 'owner' },
        { session: admin, role: 'admin' },
        { session: bob },
      ]);
      const ban = (by: Session, target: { id: string }) =>
        http().put(`/api/rooms/${room.id}/bans/${target.id}`).set(as(by));
      await ban(admin, coOwner.user).expect(403);
      await ban(owner, coOwner.user).expect(403);
      await ban(bob, admin.user).expect(403);
      await http().delete(`/api/rooms/${room.id}/bans/${admin.user.id}`).set(as(bob)).expect(403);
      await ban(owner, { id: randomUUID() }).expect(404);
      await http().put(`/api/rooms/${room.id}/bans/me`).set(as(owner)).expect(400);
      // A banned non-member of a public room: banned before ever joining.
      const publicRoom = await client.createRoom(owner, aRoomName('pub'));
      const stranger = await client.signUp();
      await http()
        .put(`/api/rooms/${publicRoom.id}/bans/${stranger.user.id}`)
        .set(as(owner))
        .expect(204);
      await expect(
        testApp.app.get(MembersService).ensureMember(publicRoom.id, stranger.user),
      ).rejects.toMatchObject({ status: 403 });
    });
  });

  describe('PATCH /api/rooms/:id', () => {
    it('owners and admins rename and describe; room:updated (event) goes to the room', async () => {
      const owner = await client.signUp();
      const admin = await client.signUp();
      const bob = await client.signUp();
      const room = await roomWith(owner, [{ session: admin, role: 'admin' }, { session: bob }]);
      const name = aRoomName('renamed');
      const response = await http()
        .patch(`/api/rooms/${room.id}`)
        .set(as(admin))
        .send({ name: `  ${name} `, description: 'about' })
        .expect(200);
      expect(response.body).toMatchObject({
        id: room.id,
        name,
        description: 'about',
        membership: { role: 'admin' },
      });
      const event = roomUpdates.find((e) => e.roomId === room.id);
      expect(event).toEqual({
        roomId: room.id,
        room: expect.objectContaining({ name, description: 'about' }),
        byUserId: admin.user.id,
      });
      expect(event?.room).not.toHaveProperty('membership');

      await http()
        .patch(`/api/rooms/${room.id}`)
        .set(as(owner))
        .send({ description: '' })
        .expect(200);
      // Its own name in another case is not a conflict.
      await http()
        .patch(`/api/rooms/${room.id}`)
        .set(as(owner))
        .send({ name: name.toUpperCase() })
        .expect(200);
      await http().patch(`/api/rooms/${room.id}`).set(as(bob)).send({ name: 'x' }).expect(403);
      const other = await client.createRoom(owner, aRoomName('other'));
      await http()
        .patch(`/api/rooms/${room.id}`)
        .set(as(owner))
        .send({ name: other.name.toLowerCase() })
        .expect(409);
      await http().patch(`/api/rooms/${room.id}`).set(as(owner)).send({ name: '  ' }).expect(400);
      await http().patch(`/api/rooms/${room.id}`).set(as(owner)).send({ topic: 'x' }).expect(400);

      const publicRoom = await client.createRoom(owner, aRoomName('pub'));
      await http()
        .patch(`/api/rooms/${publicRoom.id}`)
        .set(as(bob))
        .send({ name: 'x' })
        .expect(403);
    });
  });

  describe('phase-2 service API', () => {
    it('ensureMember makes a public room’s visitor a member at lastSeq; private rooms stay 404', async () => {
      const owner = await client.signUp();
      const bob = await client.signUp();
      const service = testApp.app.get(MembersService);
      const publicRoom = await client.createRoom(owner, aRoomName('pub'));
      await client.post(owner, publicRoom.id, 'hi');
      expect(await service.isMember(publicRoom.id, bob.user.id)).toBe(false);
      await expect(service.assertMember(publicRoom.id, bob.user.id)).rejects.toMatchObject({
        status: 403,
      });
      await expect(service.ensureMember(publicRoom.id, bob.user)).resolves.toMatchObject({
        kind: 'public',
        role: 'member',
        isBanned: false,
      });
      expect(await service.isMember(publicRoom.id, bob.user.id)).toBe(true);
      const { body } = await http().get(`/api/rooms/${publicRoom.id}`).set(as(bob)).expect(200);
      expect(body.membership).toMatchObject({ role: 'member', lastReadSeq: 1, unread: 0 });

      const privateRoom = await client.createRoom(owner, aRoomName(), undefined, 'private');
      await expect(service.ensureMember(privateRoom.id, bob.user)).rejects.toMatchObject({
        status: 404,
      });
      await expect(service.access(privateRoom.id, bob.user.id)).resolves.toEqual({
        roomId: privateRoom.id,
        kind: 'private',
        lastSeq: 0,
        role: null,
        isBanned: false,
      });
      await expect(service.ensureMember(randomUUID(), bob.user)).rejects.toMatchObject({
        status: 404,
      });
    });
  });
});
