import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { aRoomName } from '../builders/user.builder';
import { api } from '../helpers/api-client';
import { connectAs, request as ask } from '../helpers/socket-client';
import { freePort, Instance, spawnServer, startServer } from './instances';

/**
 * A volume of its own for the database: a small tmpfs (this needs root, as CI has), so that
 * filling it or making it read-only touches nothing else on the machine.
 */
class SmallVolume {
  readonly path = mkdtempSync(join(tmpdir(), 'chat-volume-'));

  mount(megabytes: number): void {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', this.path]);
  }

  /** Fills every free byte; returns a function that frees them again. */
  fill(): () => void {
    const filler = join(this.path, 'filler');
    const { bavail, bsize } = statfsSync(this.path);
    try {
      writeFileSync(filler, Buffer.alloc(bavail * bsize));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    }
    return () => rmSync(filler, { force: true });
  }

  remountReadOnly(): void {
    execFileSync('mount', ['-o', 'remount,ro', this.path]);
  }

  destroy(): void {
    execFileSync('umount', ['--lazy', this.path], { stdio: 'ignore' });
    rmSync(this.path, { recursive: true, force: true });
  }
}

describe('SQLite on a volume that fills up, or is read-only', () => {
  const volume = new SmallVolume();
  const env = {
    DATABASE_PATH: join(volume.path, 'chat.sqlite'),
    JWT_SECRET: randomBytes(32).toString('hex'),
  };
  let server: Instance | undefined;

  beforeAll(() => volume.mount(8));
  afterAll(async () => {
    await server?.stop('SIGKILL');
    volume.destroy();
  });

  it('a full disk: each send is stored or refused with a clear error; the server stays up, says why, and recovers', async () => {
    server = await startServer(env);
    const alice = await api(server).signUp();
    const room = await api(server).createRoom(alice, aRoomName('full'));
    const socket = await connectAs(server, alice);
    expect(await ask(socket, 'room:join', { roomId: room.id })).toMatchObject({ ok: true });

    const free = volume.fill();
    let refused: Record<string, any> | undefined;
    let stored = 0;
    // SQLite may still have room in pages it holds already: send until it has none.
    for (let i = 0; i < 500 && !refused; i++) {
      const reply = await ask(socket, 'message:send', {
        roomId: room.id,
        body: `${i} ${'x'.repeat(3900)}`,
        clientMsgId: `full-${i}`,
      });
      if (reply.ok) stored += 1;
      else refused = { ...reply, clientMsgId: `full-${i}` };
    }
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'INTERNAL',
        message:
          'The database is unavailable: the disk is full. Nothing was changed; please try again later.',
      },
      clientMsgId: expect.any(String),
    });
    expect(socket.connected).toBe(true);

    const posted = await request(server.url)
      .post(`/api/rooms/${room.id}/messages`)
      .auth(alice.accessToken, { type: 'bearer' })
      .send({ body: 'x'.repeat(3900) })
      .expect(503);
    expect(posted.body).toEqual({
      statusCode: 503,
      message:
        'The database is unavailable: the disk is full. Nothing was changed; please try again later.',
      error: 'Service Unavailable',
    });
    expect(posted.headers['retry-after']).toBe('5');
    await request(server.url)
      .get('/api/health')
      .expect(503, { status: 'error', db: 'down', reason: 'the disk is full' });
    // Reading what is stored still works.
    expect(await api(server).allMessages(alice, room.id)).toHaveLength(stored);

    free();
    await request(server.url).get('/api/health').expect(200, { status: 'ok', db: 'up' });
    const retried = await ask(socket, 'message:send', {
      roomId: room.id,
      body: 'after',
      clientMsgId: refused!.clientMsgId,
    });
    expect(retried).toMatchObject({ ok: true, message: { seq: stored + 1 } });
    socket.disconnect();

    // The log says why in one line per failure, without a stack.
    expect(server.output()).toContain('the disk is full');
    expect(server.output()).not.toMatch(/\n\s+at /);
  });

  it('a read-only volume: the server does not start, and says why in one line', async () => {
    await server?.stop('SIGTERM');
    server = undefined;
    volume.remountReadOnly();

    const refused = spawnServer(env, await freePort());
    expect(await refused.exited).toEqual({ code: 1, signal: null });
    expect(refused.output().trim()).toBe(
      `Cannot start: The SQLite database folder ${volume.path} cannot be written (DATABASE_PATH): it is on a read-only file system`,
    );
  });
});
