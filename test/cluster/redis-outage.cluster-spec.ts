import request from 'supertest';
import { aRoomName } from '../builders/user.builder';
import { api } from '../helpers/api-client';
import {
  ChatClient,
  connectAs,
  eventually,
  record,
  request as ask,
} from '../helpers/socket-client';
import { Cluster, Instance } from './instances';
import { ensureRedisRunning, redis } from './machine-services';

describe('Redis restarted under traffic', () => {
  const cluster = new Cluster();
  let a: Instance;
  let b: Instance;

  beforeAll(async () => ([a, b] = await cluster.createAndStart(2)));
  afterAll(async () => {
    try {
      ensureRedisRunning(); // whatever happened, leave the machine's Redis running
    } finally {
      await cluster.destroy();
    }
  });

  const health = async (instance: Instance) =>
    (await request(instance.url).get('/api/health')).body as Record<string, string>;

  it('keeps acking sends, reports the outage, then delivers across instances again with nothing missing', async () => {
    const [alice, bob, carol, dave] = await Promise.all([
      api(a).signUp(),
      api(b).signUp(),
      api(b).signUp(),
      api(a).signUp(),
    ]);
    const room = await api(a).createRoom(alice, aRoomName('redis'));
    const onA = await connectAs(a, alice);
    const onB = await connectAs(b, bob);
    for (const socket of [onA, onB]) {
      expect(await ask(socket, 'room:join', { roomId: room.id })).toMatchObject({ ok: true });
    }
    const [inboxA, inboxB] = [record(onA, 'message:new'), record(onB, 'message:new')];

    // Both users keep sending, one message every 20 ms each, through the whole outage.
    let sending = true;
    const failures: unknown[] = [];
    const slowest = { ms: 0 };
    const traffic = async (socket: ChatClient, who: string) => {
      for (let i = 0; sending; i++) {
        const started = Date.now();
        const reply = await ask(socket, 'message:send', {
          roomId: room.id,
          body: `${who} ${i}`,
        }).catch((error: Error) => ({ ok: false, error: error.message }));
        slowest.ms = Math.max(slowest.ms, Date.now() - started);
        if (!reply.ok) failures.push(reply);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const running = [traffic(onA, 'alice'), traffic(onB, 'bob')];
    await new Promise((resolve) => setTimeout(resolve, 300));

    redis('stop');
    let onB2: ChatClient;
    try {
      await eventually(
        async () => expect(await health(a)).toMatchObject({ status: 'error', redis: 'down' }),
        5000,
      );
      // Joining still works, answered with what this instance knows.
      onB2 = await connectAs(b, carol);
      const started = Date.now();
      expect(await ask(onB2, 'room:join', { roomId: room.id })).toMatchObject({ ok: true });
      expect(Date.now() - started).toBeLessThan(1000);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
      redis('start');
    }
    for (const instance of [a, b]) {
      await eventually(
        async () => expect(await health(instance)).toEqual({ status: 'ok', db: 'up', redis: 'up' }),
        15_000,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    sending = false;
    await Promise.all(running);

    expect(failures).toEqual([]);
    expect(slowest.ms).toBeLessThan(2000);
    const stored = await api(a).allMessages(alice, room.id);
    const seqs = stored.map((m) => m.seq);
    for (const inbox of [inboxA, inboxB]) {
      await eventually(() => expect(inbox.map((m) => m.seq)).toEqual(seqs), 5000);
    }

    // Presence survives Redis forgetting it (and the join it missed): a newcomer sees everyone.
    const onA2 = await connectAs(a, dave);
    const joined = await ask(onA2, 'room:join', { roomId: room.id });
    expect(joined.users.map((u: { id: string }) => u.id).sort()).toEqual(
      [alice, bob, carol, dave].map((session) => session.user.id).sort(),
    );
    for (const socket of [onA, onB, onB2!, onA2]) socket.disconnect();
  });
});
