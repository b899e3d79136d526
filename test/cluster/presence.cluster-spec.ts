import { aRoomName } from '../builders/user.builder';
import { api, Session } from '../helpers/api-client';
import {
  eventually,
  presenceViewOf,
  quietPeriod,
  request as ask,
  socketsOfEachTest,
} from '../helpers/socket-client';
import { Cluster, Instance } from './instances';

/** The coalescing window of these instances: the contract's longest. */
const WINDOW_MS = 250;

/**
 * Presence coalescing across instances (#21): each instance coalesces the changes its own
 * sockets cause, and the cluster-wide presence in Redis decides who is shown, so a user with a
 * socket on another instance is never shown as gone.
 */
describe('Presence coalescing across instances sharing PostgreSQL and Redis', () => {
  const cluster = new Cluster({ PRESENCE_COALESCE_MS: String(WINDOW_MS) });
  let a: Instance;
  let b: Instance;
  const sockets = socketsOfEachTest();

  beforeAll(async () => ([a, b] = await cluster.createAndStart(2)));
  afterAll(() => cluster.destroy());

  const on = (instance: Instance, session: Session, roomId?: string) =>
    sockets.open(instance, session, roomId);

  /** A member on `instance` watching a room that has been quiet for longer than a window. */
  async function watching(instance: Instance, session: Session, roomId: string) {
    const socket = await on(instance, session);
    const joined = await ask(socket, 'room:join', { roomId });
    const view = presenceViewOf(socket, roomId, joined.users);
    await quietPeriod(WINDOW_MS * 2);
    return view;
  }

  it('a user with sockets on both instances, leaving on one (however fast, and by disconnecting), is not shown as left', async () => {
    const [alice, bob] = await Promise.all([api(a).signUp(), api(b).signUp()]);
    const room = await api(a).createRoom(alice, aRoomName());
    await on(b, bob, room.id);
    const aliceSees = await watching(a, alice, room.id);
    expect(aliceSees.ids()).toEqual([alice.user.id, bob.user.id].sort());

    const bobOnA = await on(a, bob);
    for (let i = 0; i < 20; i++) {
      expect(await ask(bobOnA, 'room:join', { roomId: room.id })).toMatchObject({ ok: true });
      expect(await ask(bobOnA, 'room:leave', { roomId: room.id })).toEqual({ ok: true });
    }
    (await on(a, bob, room.id)).disconnect();
    await quietPeriod(WINDOW_MS * 3);

    expect(aliceSees.events.flatMap((event) => event.left)).toEqual([]);
    expect(aliceSees.ids()).toEqual([alice.user.id, bob.user.id].sort());
    const again = await ask(await on(a, alice), 'room:join', { roomId: room.id });
    expect(again.users.map((u: { id: string }) => u.id).sort()).toEqual(
      [alice.user.id, bob.user.id].sort(),
    );
  });

  it('a user whose last socket leaves on A while their first joins on B, within A’s window, ends shown as present', async () => {
    const [alice, bob] = await Promise.all([api(a).signUp(), api(b).signUp()]);
    const room = await api(a).createRoom(alice, aRoomName());
    const aliceSees = await watching(a, alice, room.id);
    const [bobOnA, bobOnB] = [await on(a, bob), await on(b, bob)];

    // A sends bob's arrival at once and holds his departure for the end of its window; B,
    // quiet, sends his arrival there at once, ahead of A's window end.
    const startedAt = Date.now();
    expect(await ask(bobOnA, 'room:join', { roomId: room.id })).toMatchObject({ ok: true });
    expect(await ask(bobOnA, 'room:leave', { roomId: room.id })).toEqual({ ok: true });
    expect(await ask(bobOnB, 'room:join', { roomId: room.id })).toMatchObject({ ok: true });
    // Otherwise A's window had ended before bob left there, and nothing here was coalesced.
    expect(Date.now() - startedAt).toBeLessThan(WINDOW_MS);

    await quietPeriod(WINDOW_MS * 3);
    expect(aliceSees.ids()).toEqual([alice.user.id, bob.user.id].sort());
    // And when his socket on B goes too, he is shown as gone.
    bobOnB.disconnect();
    await eventually(() => expect(aliceSees.ids()).toEqual([alice.user.id]));
  });
});
