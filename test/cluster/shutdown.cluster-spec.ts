import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api } from '../helpers/api-client';
import { connectAs } from '../helpers/socket-client';
import { Instance, startServer } from './instances';

describe('Shutdown (SIGTERM)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chat-shutdown-'));
  let server: Instance;

  beforeAll(async () => {
    server = await startServer({
      DATABASE_PATH: join(dir, 'chat.sqlite'),
      JWT_SECRET: randomBytes(32).toString('hex'),
    });
  });
  afterAll(async () => {
    await server.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('is not held up by a client that sent half a request', async () => {
    const alice = await api(server).signUp();
    const socket = await connectAs(server, alice);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    // Headers never finished: Node would wait for them for a minute (headersTimeout).
    const half = connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => half.once('connect', resolve));
    half.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    half.on('error', () => undefined);

    const started = Date.now();
    const exit = await server.stop('SIGTERM');

    expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await disconnected).toBe('transport close');
    half.destroy();
  });
});
