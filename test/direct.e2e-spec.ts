import { randomUUID } from 'node:crypto';
import { api, Session } from './helpers/api-client';
import { recordDomainEvents } from './helpers/domain-events';
import { startTestApp, TestApp } from './helpers/test-app';
import { MemberAddedEvent, MemberEvent } from '../src/members/member-events';

describe('Direct messages (e2e)', () => {
  let testApp: TestApp;
  let client: ReturnType<typeof api>;
  let added: MemberAddedEvent[];

  beforeAll(async () => {
    testApp = await startTestApp();
    client = api(testApp);
    added = recordDomainEvents(testApp, MemberEvent.Added);
  });
  afterAll(() => testApp.close());

  const http = () => client.http();
  const as = (session: Session) => ({ Authorization: `Bearer ${session.accessToken}` });
  const open = (by: Session, userIds: unknown) =>
    http().post('/api/direct').set(as(by)).send({ userIds });
  const ref = (session: Session) => ({
    id: session.user.id,
    username: session.user.username,
    displayName: session.user.username,
    avatarUrl: null,
  });
  const byName = (a: { username: string }, b: { username: string }) =>
    a.username.toLowerCase() < b.username.toLowerCase() ? -1 : 1;

  it('creates a direct room (201) with every participant a member; room:added (event) to each', async () => {
    const alice = await client.signUp();
    const bob = await client.signUp();
    const carol = await client.signUp();
    const response = await open(alice, [bob.user.id, carol.user.id]).expect(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      name: '',
      description: '',
      createdBy: ref(alice),
      createdAt: expect.any(String),
      lastSeq: 0,
      kind: 'direct',
      lastChange: 0,
      memberCount: 3,
      members: [ref(alice), ref(bob), ref(carol)].sort(byName),
      membership: { role: 'member', lastReadSeq: 0, unread: 0, mentions: 0, notify: 'all' },
    });
    const roomId = response.body.id;
    const events = added.filter((event) => event.roomId === roomId);
    expect(events.map((event) => event.userId).sort()).toEqual(
      [alice.user.id, bob.user.id, carol.user.id].sort(),
    );
    for (const event of events) {
      expect(event).toMatchObject({ reason: 'direct', byUserId: alice.user.id });
      expect(event.room).toEqual({ ...response.body, membership: expect.any(Object) });
    }

    const { body: bobsView } = await http().get(`/api/rooms/${roomId}`).set(as(bob)).expect(200);
    expect(bobsView).toEqual(response.body);
    const { body: list } = await http().get('/api/rooms?member=true').set(as(carol)).expect(200);
    expect(list.find((room: { id: string }) => room.id === roomId)).toEqual(response.body);
  });

  it('answers the existing room (200) for the same set, in any order, with repeats and the caller', async () => {
    const alice = await client.signUp();
    const bob = await client.signUp();
    const carol = await client.signUp();
    const first = await open(alice, [bob.user.id, carol.user.id]).expect(201);
    const again = await open(carol, [
      alice.user.id,
      bob.user.id,
      carol.user.id,
      bob.user.id,
    ]).expect(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.membership).toMatchObject({ notify: 'all' });
    // Another set is another room; a pair is not the trio.
    const pair = await open(alice, [bob.user.id]).expect(201);
    expect(pair.body.id).not.toBe(first.body.id);
    await open(bob, [alice.user.id]).expect(200);
  });

  it('is safe under concurrent calls: one room, one 201', async () => {
    const alice = await client.signUp();
    const bob = await client.signUp();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2 === 0 ? open(alice, [bob.user.id]) : open(bob, [alice.user.id]),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([
      200, 200, 200, 200, 200, 200, 200, 200, 200, 201,
    ]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(added.filter((event) => event.roomId === results[0].body.id)).toHaveLength(2);
  });

  it('is invisible to anyone else: 404 and never listed', async () => {
    const alice = await client.signUp();
    const bob = await client.signUp();
    const eve = await client.signUp();
    const { body: room } = await open(alice, [bob.user.id]).expect(201);
    await http().get(`/api/rooms/${room.id}`).set(as(eve)).expect(404);
    await http().get(`/api/rooms/${room.id}/members`).set(as(eve)).expect(404);
    const { body: list } = await http().get('/api/rooms').set(as(eve)).expect(200);
    expect(list.map((r: { id: string }) => r.id)).not.toContain(room.id);
  });

  it('never changes membership or roles, and cannot be renamed (403)', async () => {
    const alice = await client.signUp();
    const bob = await client.signUp();
    const carol = await client.signUp();
    const { body: room } = await open(alice, [bob.user.id]).expect(201);
    const base = `/api/rooms/${room.id}`;
    await http().post(`${base}/members`).set(as(alice)).send({ userId: carol.user.id }).expect(403);
    await http().delete(`${base}/members/${bob.user.id}`).set(as(alice)).expect(403);
    await http().delete(`${base}/members/me`).set(as(alice)).expect(403);
    await http()
      .patch(`${base}/members/${bob.user.id}`)
      .set(as(alice))
      .send({ role: 'owner' })
      .expect(403);
    await http().put(`${base}/bans/${bob.user.id}`).set(as(alice)).expect(403);
    await http().delete(`${base}/bans/${bob.user.id}`).set(as(alice)).expect(403);
    await http().patch(base).set(as(alice)).send({ name: 'ours' }).expect(403);
    // Notifications are one's own, not membership: allowed.
    await http().patch(`${base}/members/me`).set(as(alice)).send({ notify: 'none' }).expect(200);
    const { body } = await http().get(`${base}/members`).set(as(bob)).expect(200);
    expect(body.members).toHaveLength(2);
  });

  it('counts every unread message of the other participants as a mention', async () => {
    const alice = await client.signUp();
    const bob = await client.signUp();
    const { body: room } = await open(alice, [bob.user.id]).expect(201);
    await client.post(bob, room.id, 'hey');
    await client.post(bob, room.id, 'you there?');
    await client.post(alice, room.id, 'yes');
    const { body } = await http().get(`/api/rooms/${room.id}`).set(as(alice)).expect(200);
    expect(body.membership).toMatchObject({ lastReadSeq: 0, unread: 2, mentions: 2 });
  });

  it('keeps any number of direct rooms beside each other despite their empty names, each listed with its own members', async () => {
    const alice = await client.signUp();
    const others = await Promise.all([client.signUp(), client.signUp(), client.signUp()]);
    const opened = new Map<string, string>();
    for (const other of others) {
      const { body } = await open(alice, [other.user.id]).expect(201);
      opened.set(body.id, other.user.id);
    }
    const { body } = await http().get('/api/rooms?member=true').set(as(alice)).expect(200);
    const direct = body.filter((room: { kind: string }) => room.kind === 'direct');
    expect(direct).toHaveLength(3);
    for (const room of direct) {
      const ids = room.members.map((member: { id: string }) => member.id).sort();
      expect(ids).toEqual([alice.user.id, opened.get(room.id)].sort());
    }
  });

  it.each([
    ['no users', []],
    ['only the caller', 'self'],
    ['nine others', 'nine'],
    ['a non-UUID', ['bob']],
    ['not an array', 'x'],
  ])('refuses %s with 400', async (_case, userIds) => {
    const alice = await client.signUp();
    let ids: unknown = userIds;
    if (userIds === 'self') ids = [alice.user.id, alice.user.id];
    if (userIds === 'nine')
      ids = await Promise.all(
        Array.from({ length: 9 }, async () => (await client.signUp()).user.id),
      );
    const response = await open(alice, ids).expect(400);
    expect(JSON.stringify(response.body.message)).toContain('userIds');
  });

  it('takes eight others, and answers 404 for an unknown user', async () => {
    const alice = await client.signUp();
    const eight = await Promise.all(Array.from({ length: 8 }, () => client.signUp()));
    const { body } = await open(
      alice,
      eight.map((s) => s.user.id),
    ).expect(201);
    expect(body.memberCount).toBe(9);
    await open(alice, [eight[0].user.id, randomUUID()]).expect(404);
  });
});
