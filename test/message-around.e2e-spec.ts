import type { MessageResponseDto as Message } from '../src/messages/dto/message-response.dto';
import { aRoomName } from './builders/user.builder';
import { api, Session } from './helpers/api-client';
import { startTestApp, TestApp } from './helpers/test-app';

interface AroundPage {
  messages: Message[];
  hasMore: boolean;
  hasMoreBefore: boolean;
  hasMoreAfter: boolean;
}

describe('Jumping to a message: GET …/messages?around=SEQ (e2e)', () => {
  let testApp: TestApp;
  let client: ReturnType<typeof api>;
  let alice: Session;
  let bob: Session;
  /** A public room of alice's with messages seq 1..20 ("message 1" … "message 20"). */
  let roomId: string;

  beforeAll(async () => {
    testApp = await startTestApp({
      MESSAGE_RATE_BURST: '100000',
      MESSAGE_RATE_PER_MINUTE: '100000',
    });
    client = api(testApp);
    [alice, bob] = await Promise.all([client.signUp(), client.signUp()]);
    roomId = (await client.createRoom(alice, aRoomName())).id;
    for (let n = 1; n <= 20; n += 1) await client.post(alice, roomId, `message ${n}`);
  });
  afterAll(() => testApp.close());

  const around = (query: string, session = alice, room = roomId) =>
    client
      .http()
      .get(`/api/rooms/${room}/messages?${query}`)
      .auth(session.accessToken, { type: 'bearer' });

  const seqs = (page: AroundPage) => page.messages.map((m) => m.seq);
  const range = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it('puts the message at index ⌊limit/2⌋ with both sides flagged', async () => {
    const page = (await around('around=10&limit=5').expect(200)).body as AroundPage;
    expect(seqs(page)).toEqual([8, 9, 10, 11, 12]);
    expect(page.messages[2]).toMatchObject({ seq: 10, body: 'message 10', roomId });
    expect(page).toMatchObject({ hasMore: true, hasMoreBefore: true, hasMoreAfter: true });

    const even = (await around('around=10&limit=4').expect(200)).body as AroundPage;
    expect(seqs(even)).toEqual([8, 9, 10, 11]);
  });

  it('defaults to 50 messages: the whole small room, nothing more either way', async () => {
    const page = (await around('around=10').expect(200)).body as AroundPage;
    expect(seqs(page)).toEqual(range(1, 20));
    expect(page).toMatchObject({ hasMore: false, hasMoreBefore: false, hasMoreAfter: false });
  });

  it('near either end, the short side leaves its share to the other', async () => {
    const start = (await around('around=2&limit=6').expect(200)).body as AroundPage;
    expect(seqs(start)).toEqual(range(1, 6));
    expect(start).toMatchObject({ hasMore: false, hasMoreBefore: false, hasMoreAfter: true });

    const end = (await around('around=19&limit=6').expect(200)).body as AroundPage;
    expect(seqs(end)).toEqual(range(15, 20));
    expect(end).toMatchObject({ hasMore: true, hasMoreBefore: true, hasMoreAfter: false });
  });

  it('the newest end meets the live end: after the last seq, nothing newer', async () => {
    const page = (await around('around=20&limit=3').expect(200)).body as AroundPage;
    expect(seqs(page)).toEqual([18, 19, 20]);
    expect(page.hasMoreAfter).toBe(false);
    // Paging on from the around-page with ?after= reaches the same end.
    const next = await around('after=20&limit=3').expect(200);
    expect(next.body).toEqual({ messages: [], hasMore: false });
  });

  it('a seq past the end answers the newest messages', async () => {
    const page = (await around('around=500&limit=3').expect(200)).body as AroundPage;
    expect(seqs(page)).toEqual([18, 19, 20]);
    expect(page).toMatchObject({ hasMoreBefore: true, hasMoreAfter: false });
  });

  it('shows deleted messages as history does: a tombstone in its place', async () => {
    const room = (await client.createRoom(alice, aRoomName())).id;
    const kept = await client.post(alice, room, 'kept');
    const gone = await client.post(alice, room, 'gone');
    await client
      .http()
      .delete(`/api/messages/${gone.id}`)
      .auth(alice.accessToken, { type: 'bearer' })
      .expect(204);
    const page = (await around(`around=${gone.seq}&limit=3`, alice, room).expect(200))
      .body as AroundPage;
    expect(page.messages.map((m) => [m.id, m.body])).toEqual([
      [kept.id, 'kept'],
      [gone.id, ''],
    ]);
    expect(page.messages[1].deletedAt).not.toBeNull();
  });

  it('refuses around with before or after, and bad values, naming the field', async () => {
    for (const query of ['around=5&before=9', 'around=5&after=1']) {
      const response = await around(query).expect(400);
      expect(JSON.stringify(response.body.message)).toContain('around');
    }
    for (const query of ['around=-1', 'around=1.5', 'around=x', 'around=5&limit=0']) {
      await around(query).expect(400);
    }
  });

  it('answers 404 for a private room of others, as history does', async () => {
    const secret = (await client.createRoom(alice, aRoomName(), undefined, 'private')).id;
    await client.post(alice, secret, 'hidden');
    await around('around=1', bob, secret).expect(404);
  });
});
