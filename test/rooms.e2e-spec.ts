import { randomUUID } from 'node:crypto';
import { aRoomName } from './builders/user.builder';
import { api, Session } from './helpers/api-client';
import { startTestApp, TestApp } from './helpers/test-app';

describe('Rooms (e2e)', () => {
  let testApp: TestApp;
  let client: ReturnType<typeof api>;
  let alice: Session;

  beforeAll(async () => {
    testApp = await startTestApp();
    client = api(testApp);
    alice = await client.signUp();
  });
  afterAll(() => testApp.close());

  const asAlice = () => ({ Authorization: `Bearer ${alice.accessToken}` });

  it('creates a room with trimmed name, empty description by default, creator and lastSeq 0', async () => {
    const name = aRoomName('  General');
    const response = await client
      .http()
      .post('/api/rooms')
      .set(asAlice())
      .send({ name: `${name}   ` })
      .expect(201);

    expect(response.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: name.trim(),
      description: '',
      createdBy: {
        id: alice.user.id,
        username: alice.user.username,
        displayName: alice.user.username,
        avatarUrl: null,
      },
      createdAt: expect.any(String),
      lastSeq: 0,
      kind: 'public',
      lastChange: 0,
      memberCount: 1,
      membership: { role: 'owner', lastReadSeq: 0, unread: 0, mentions: 0, notify: 'mentions' },
    });
    await client
      .http()
      .get(`/api/rooms/${response.body.id}`)
      .set(asAlice())
      .expect(200, response.body);
  });

  it('refuses a name taken in another case with 409', async () => {
    const name = aRoomName('Taken');
    await client.createRoom(alice, name);
    const response = await client
      .http()
      .post('/api/rooms')
      .set(asAlice())
      .send({ name: ` ${name.toUpperCase()} ` })
      .expect(409);
    expect(response.body).toEqual({
      statusCode: 409,
      message: 'A room with that name already exists',
      error: 'Conflict',
    });
  });

  it.each([
    ['a blank name', { name: '   ' }, 'name'],
    ['a missing name', {}, 'name'],
    ['a name of 65 characters', { name: 'n'.repeat(65) }, 'name'],
    [
      'a description of 501 characters',
      { name: 'ok', description: 'd'.repeat(501) },
      'description',
    ],
    ['a numeric name', { name: 42 }, 'name'],
    ['an unknown field', { name: 'ok', topic: 'x' }, 'topic'],
  ])('refuses %s with 400 naming the field', async (_case, body, field) => {
    const response = await client.http().post('/api/rooms').set(asAlice()).send(body).expect(400);
    expect(response.body.message.join(' ')).toContain(field);
  });

  it('counts name length in code points: 64 emoji fit, 65 do not', async () => {
    const emoji = '😀';
    const created = await client
      .http()
      .post('/api/rooms')
      .set(asAlice())
      .send({ name: emoji.repeat(64) })
      .expect(201);
    expect(created.body.name).toBe(emoji.repeat(64));
    await client
      .http()
      .post('/api/rooms')
      .set(asAlice())
      .send({ name: emoji.repeat(65) })
      .expect(400);
  });

  it('lists rooms by newest activity first: a new message moves a room to the top', async () => {
    const older = await client.createRoom(alice, aRoomName('older'));
    const newer = await client.createRoom(alice, aRoomName('newer'));
    const idsInOrder = async () =>
      (
        (await client.http().get('/api/rooms').set(asAlice()).expect(200)).body as { id: string }[]
      ).map((r) => r.id);

    let ids = await idsInOrder();
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));

    await client
      .http()
      .post(`/api/rooms/${older.id}/messages`)
      .set(asAlice())
      .send({ body: 'hi' })
      .expect(201);
    ids = await idsInOrder();
    expect(ids[0]).toBe(older.id);
    const listed = (await client.http().get('/api/rooms').set(asAlice())).body.find(
      (r: { id: string }) => r.id === older.id,
    );
    expect(listed.lastSeq).toBe(1);
  });

  it('answers 404 for an unknown room and 400 for an id that is not a UUID', async () => {
    await client.http().get(`/api/rooms/${randomUUID()}`).set(asAlice()).expect(404, {
      statusCode: 404,
      message: 'Room not found',
      error: 'Not Found',
    });
    const bad = await client.http().get('/api/rooms/not-a-uuid').set(asAlice()).expect(400);
    expect(bad.body.message).toEqual(['id must be a UUID']);
  });

  it('requires a token for every room route', async () => {
    await client.http().get('/api/rooms').expect(401);
    await client.http().post('/api/rooms').send({ name: 'x' }).expect(401);
    await client.http().get(`/api/rooms/${randomUUID()}`).expect(401);
  });
});

describe('Room creation limit (e2e)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ ROOM_CREATE_RATE_PER_HOUR: '2' });
  });
  afterAll(() => testApp.close());

  it('answers 429 with Retry-After past ROOM_CREATE_RATE_PER_HOUR; direct rooms count when new', async () => {
    const client = api(testApp);
    const [alice, bob, carol] = await Promise.all([
      client.signUp(),
      client.signUp(),
      client.signUp(),
    ]);
    const create = (session: Session, body: object) =>
      client.http().post('/api/rooms').auth(session.accessToken, { type: 'bearer' }).send(body);
    const openDirect = (session: Session, userIds: string[]) =>
      client
        .http()
        .post('/api/direct')
        .auth(session.accessToken, { type: 'bearer' })
        .send({ userIds });

    await create(alice, { name: aRoomName() }).expect(201);
    await openDirect(alice, [bob.user.id]).expect(201);
    const refused = await create(alice, { name: aRoomName() }).expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await openDirect(alice, [carol.user.id]).expect(429);

    // Opening a conversation that exists creates nothing; others create as before.
    await openDirect(alice, [bob.user.id]).expect(200);
    await create(bob, { name: aRoomName() }).expect(201);
  });
});

describe('Room list paging (e2e)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  it('pages with limit and X-Next-Cursor through every room once, in list order', async () => {
    const client = api(testApp);
    const alice = await client.signUp();
    for (let i = 0; i < 7; i += 1) await client.createRoom(alice, aRoomName('paged'));
    const list = (query: string) =>
      client.http().get(`/api/rooms${query}`).auth(alice.accessToken, { type: 'bearer' });

    const { body: all, headers } = await list('').expect(200);
    expect(headers['x-next-cursor']).toBeUndefined();

    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const query = `?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await list(query).expect(200);
      expect(page.body.length).toBeLessThanOrEqual(3);
      paged.push(...page.body.map((room: { id: string }) => room.id));
      cursor = page.headers['x-next-cursor'];
    } while (cursor);
    expect(paged).toEqual(all.map((room: { id: string }) => room.id));

    await list('?limit=0').expect(400);
    await list('?limit=1001').expect(400);
    await list('?cursor=not-a-cursor').expect(400);
  });
});
