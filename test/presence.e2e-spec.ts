import request from 'supertest';
import { aRoomName } from './builders/user.builder';
import { api, Session } from './helpers/api-client';
import {
  eventually,
  presenceViewOf,
  quietPeriod,
  request as ask,
  SeenPresence,
  socketsOfEachTest,
} from './helpers/socket-client';
import { startTestApp, TestApp } from './helpers/test-app';

/** The coalescing window these tests run with (PRESENCE_COALESCE_MS). */
const WINDOW_MS = 200;

describe('Presence coalescing (e2e)', () => {
  let testApp: TestApp;
  let client: ReturnType<typeof api>;
  const sockets = socketsOfEachTest();

  beforeAll(async () => {
    testApp = await startTestApp({
      PRESENCE_COALESCE_MS: String(WINDOW_MS),
      ROOM_JOIN_RATE_PER_MINUTE: '100000',
    });
    client = api(testApp);
  });
  afterAll(() => testApp.close());

  /** A member watching a room that has been quiet for longer than a window. */
  async function watching(session: Session, roomId: string) {
    const socket = await sockets.open(testApp, session);
    const joined = await ask(socket, 'room:join', { roomId });
    const view = presenceViewOf(socket, roomId, joined.users);
    await quietPeriod(WINDOW_MS * 2);
    return view;
  }

  /** The most events that arrived within any one window's length. */
  function mostInOneWindow(events: SeenPresence[]): number {
    return Math.max(
      0,
      ...events.map(({ at }) => events.filter((e) => e.at >= at && e.at < at + WINDOW_MS).length),
    );
  }

  it('a join/leave loop of one user sends each other member a bounded number of events per window, and their view ends right', async () => {
    const [hank, ivy] = await Promise.all([client.signUp(), client.signUp()]);
    const room = await client.createRoom(ivy, aRoomName());
    const ivySees = await watching(ivy, room.id);
    const hankSocket = await sockets.open(testApp, hank);

    const cycles = 100;
    const startedAt = Date.now();
    for (let i = 0; i < cycles; i++) {
      expect(await ask(hankSocket, 'room:join', { roomId: room.id })).toMatchObject({ ok: true });
      expect(await ask(hankSocket, 'room:leave', { roomId: room.id })).toEqual({ ok: true });
    }
    expect(await ask(hankSocket, 'room:join', { roomId: room.id })).toMatchObject({ ok: true });

    await eventually(() => expect(ivySees.ids()).toEqual([hank.user.id, ivy.user.id].sort()));
    await quietPeriod(WINDOW_MS * 2);
    expect(ivySees.ids()).toEqual([hank.user.id, ivy.user.id].sort());
    const { events } = ivySees;
    const changes = cycles * 2 + 1;
    const windows = Math.ceil((events.at(-1)!.at - startedAt) / WINDOW_MS);
    // One event at once, then at most one at each window's end (a little slack for arrival jitter).
    expect(events.length).toBeLessThanOrEqual(windows + 2);
    expect(events.length).toBeLessThan(changes);
    expect(mostInOneWindow(events)).toBeLessThanOrEqual(3);
    for (const event of events) {
      const named = [...event.joined, ...event.left].map((user) => user.id);
      expect(named).toEqual([hank.user.id]);
    }

    // Once the loop stops, hank's leaving ends the view right too.
    await ask(hankSocket, 'room:leave', { roomId: room.id });
    await eventually(() => expect(ivySees.ids()).toEqual([ivy.user.id]));
  });

  it('a single join or leave in a quiet room reaches the others at once, not at the window’s end', async () => {
    const [hank, ivy] = await Promise.all([client.signUp(), client.signUp()]);
    const room = await client.createRoom(ivy, aRoomName());
    const ivySees = await watching(ivy, room.id);
    const hankSocket = await sockets.open(testApp, hank);

    // The event goes out before the join is answered; well within half a window of the ack.
    expect(await ask(hankSocket, 'room:join', { roomId: room.id })).toMatchObject({ ok: true });
    await eventually(
      () => expect(ivySees.ids()).toEqual([hank.user.id, ivy.user.id].sort()),
      WINDOW_MS / 2,
    );

    await quietPeriod(WINDOW_MS * 2);
    expect(await ask(hankSocket, 'room:leave', { roomId: room.id })).toEqual({ ok: true });
    await eventually(() => expect(ivySees.ids()).toEqual([ivy.user.id]), WINDOW_MS / 2);
    expect(ivySees.events).toHaveLength(2);
  });

  it('a join and then a logout within one window: the others’ view ends without the user', async () => {
    const [carol, ivy] = await Promise.all([client.signUp(), client.signUp()]);
    const hank = await client.signUp();
    const room = await client.createRoom(ivy, aRoomName());
    const ivySees = await watching(ivy, room.id);

    // Carol's arrival opens a window; hank's arrival and departure fall within it.
    await sockets.open(testApp, carol, room.id);
    await sockets.open(testApp, hank, room.id);
    await request(testApp.url)
      .post('/api/auth/logout')
      .set('Authorization', `Bearer ${hank.accessToken}`)
      .expect(204);

    await eventually(() => expect(ivySees.ids()).toEqual([carol.user.id, ivy.user.id].sort()));
    await quietPeriod(WINDOW_MS * 2);
    expect(ivySees.ids()).toEqual([carol.user.id, ivy.user.id].sort());
    const rejoined = await ask(await sockets.open(testApp, ivy), 'room:join', { roomId: room.id });
    expect(rejoined.users.map((u: { id: string }) => u.id).sort()).toEqual(
      [carol.user.id, ivy.user.id].sort(),
    );
  });
});
