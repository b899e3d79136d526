import type { ChatUser } from './chat-events';
import { PresenceCoalescer } from './presence-coalescer';
import { LocalPresenceStore, PresenceChange } from './presence-store';

describe('PresenceCoalescer', () => {
  const createdAt = '2026-01-01T00:00:00.000Z';
  const user = (id: string): ChatUser => ({
    id,
    username: id,
    createdAt,
    displayName: id,
    avatarUrl: null,
  });
  const [alice, bob, carol] = [user('alice'), user('bob'), user('carol')];
  const WINDOW_MS = 100;

  let store: LocalPresenceStore;
  let sent: { roomId: string; change: PresenceChange }[];
  let readFailures: unknown[];

  beforeEach(() => {
    jest.useFakeTimers();
    store = new LocalPresenceStore();
    sent = [];
    readFailures = [];
  });
  afterEach(() => jest.useRealTimers());

  const coalescer = (
    windowMs = WINDOW_MS,
    read = (roomId: string, ids: string[]) => store.presentAmong(roomId, ids),
  ) =>
    new PresenceCoalescer(
      windowMs,
      read,
      (roomId, change) => sent.push({ roomId, change }),
      (error) => readFailures.push(error),
    );

  /** Changes the store as a socket would, and reports what the store says changed. */
  async function join(events: PresenceCoalescer, who: ChatUser, socketId = `${who.id}-1`) {
    if (await store.add('room', who, socketId)) {
      events.report('room', { joined: [who], left: [] });
    }
  }
  async function leave(events: PresenceCoalescer, who: ChatUser, socketId = `${who.id}-1`) {
    if (await store.remove('room', who.id, socketId)) {
      events.report('room', { joined: [], left: [who] });
    }
  }

  it('sends the first change in a quiet room at once, and what follows within the window as one event naming each user once by their state at its end', async () => {
    const events = coalescer();
    await join(events, alice);
    expect(sent).toEqual([{ roomId: 'room', change: { joined: [alice], left: [] } }]);

    await leave(events, alice);
    await join(events, alice);
    await join(events, bob);
    await leave(events, bob);
    await join(events, carol);
    await jest.advanceTimersByTimeAsync(WINDOW_MS - 1);
    expect(sent).toHaveLength(1);

    await jest.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(2);
    expect(sent[1].roomId).toBe('room');
    expect(sent[1].change.joined).toEqual(expect.arrayContaining([alice, carol]));
    expect(sent[1].change.joined).toHaveLength(2);
    expect(sent[1].change.left).toEqual([bob]);
  });

  it('bounds a join/leave loop to one event per window, and the deltas applied as sets end right', async () => {
    const events = coalescer();
    for (let i = 0; i < 1000; i++) {
      await join(events, alice);
      await leave(events, alice);
      await jest.advanceTimersByTimeAsync(1); // a thousand cycles a second
    }
    await jest.advanceTimersByTimeAsync(WINDOW_MS * 2);

    expect(sent.length).toBeLessThanOrEqual(1000 / WINDOW_MS + 2);
    const view = new Set<string>();
    for (const { change } of sent) {
      for (const u of change.left) view.delete(u.id);
      for (const u of change.joined) view.add(u.id);
    }
    expect(view).toEqual(new Set());
  });

  it('holds nothing for a room that went quiet: no timer is left, and its next change goes out at once', async () => {
    const events = coalescer();
    await join(events, alice);
    await leave(events, alice);
    await jest.advanceTimersByTimeAsync(WINDOW_MS);
    expect(sent).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(WINDOW_MS);
    expect(jest.getTimerCount()).toBe(0);

    await join(events, bob);
    expect(sent).toHaveLength(3);
    expect(sent[2].change).toEqual({ joined: [bob], left: [] });
  });

  it('takes the state at the window’s end from the store, not from the last change this instance saw', async () => {
    const events = coalescer();
    await join(events, alice);
    await leave(events, alice);
    // Meanwhile alice's first socket joins on another instance, which announces it itself.
    await store.add('room', alice, 'on-another-instance');
    await jest.advanceTimersByTimeAsync(WINDOW_MS);
    expect(sent.at(-1)!.change).toEqual({ joined: [alice], left: [] });
  });

  it('with a window of 0 sends every change at once and keeps no timer', async () => {
    const events = coalescer(0);
    await join(events, alice);
    await leave(events, alice);
    await join(events, alice);
    expect(sent.map((s) => s.change)).toEqual([
      { joined: [alice], left: [] },
      { joined: [], left: [alice] },
      { joined: [alice], left: [] },
    ]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('on close sends what waits for its window, keeps no timer, and sends later changes at once', async () => {
    const events = coalescer();
    await join(events, alice);
    await join(events, bob);
    await events.close();
    expect(jest.getTimerCount()).toBe(0);
    expect(sent.map((s) => s.change)).toEqual([
      { joined: [alice], left: [] },
      { joined: [bob], left: [] },
    ]);

    await leave(events, alice);
    await leave(events, bob);
    expect(sent.slice(2).map((s) => s.change)).toEqual([
      { joined: [], left: [alice] },
      { joined: [], left: [bob] },
    ]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('when the store cannot be read, names each user as this instance last saw them', async () => {
    const broken = new Error('store away');
    const events = coalescer(WINDOW_MS, () => Promise.reject(broken));
    await join(events, alice);
    await join(events, bob);
    await leave(events, alice);
    await jest.advanceTimersByTimeAsync(WINDOW_MS);
    expect(sent.at(-1)!.change).toEqual({ joined: [bob], left: [alice] });
    expect(readFailures).toEqual([broken]);
  });
});
