import request from 'supertest';
import { aRoomName } from '../builders/user.builder';
import { api } from '../helpers/api-client';
import { connectAs, request as ask } from '../helpers/socket-client';
import { Cluster, Instance } from './instances';
import { ensurePostgresRunning, postgres } from './machine-services';

describe('PostgreSQL goes away under a running server', () => {
  const cluster = new Cluster();
  let server: Instance;

  beforeAll(async () => {
    await cluster.create();
    server = await cluster.start();
  });
  afterAll(async () => {
    try {
      ensurePostgresRunning(); // whatever happened, leave the machine's database running
    } finally {
      await cluster.destroy();
    }
  });

  it('answers sends with a quick error while it is down, reports it, and recovers on its own', async () => {
    const alice = await api(server).signUp();
    const room = await api(server).createRoom(alice, aRoomName('outage'));
    const socket = await connectAs(server, alice);
    expect(await ask(socket, 'room:join', { roomId: room.id })).toMatchObject({ ok: true });
    expect(await ask(socket, 'message:send', { roomId: room.id, body: 'before' })).toMatchObject({
      ok: true,
    });

    postgres('stop');
    try {
      const started = Date.now();
      const during = await ask(socket, 'message:send', {
        roomId: room.id,
        body: 'during',
        clientMsgId: 'outage-1',
      });
      expect(during).toEqual({
        ok: false,
        error: {
          code: 'INTERNAL',
          message: expect.stringMatching(/^The database is unavailable: the database server/),
        },
      });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(socket.connected).toBe(true);
      const health = await request(server.url).get('/api/health').expect(503);
      expect(health.body).toMatchObject({ status: 'error', db: 'down' });
    } finally {
      postgres('start');
    }

    // No restart of the server: the pool reconnects, health and sends come back.
    const deadline = Date.now() + 15_000;
    while ((await request(server.url).get('/api/health')).status !== 200) {
      if (Date.now() > deadline) throw new Error('the server did not recover');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const retried = await ask(socket, 'message:send', {
      roomId: room.id,
      body: 'during',
      clientMsgId: 'outage-1',
    });
    expect(retried).toMatchObject({ ok: true, message: { seq: 2, body: 'during' } });
    socket.disconnect();
  });
});
