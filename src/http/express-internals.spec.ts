import { createServer } from 'node:http';
import { AddressInfo, connect } from 'node:net';
import { ExpressAdapter } from '@nestjs/platform-express';
import { trackOpenConnections } from './express-internals';

/** The private API of @nestjs/platform-express that express-internals.ts relies on. */
describe('ExpressAdapter internals', () => {
  it('still has trackOpenConnections() (else: express-internals.ts needs updating)', () => {
    const prototype = ExpressAdapter.prototype as unknown as Record<string, unknown>;
    expect(typeof prototype.trackOpenConnections).toBe('function');
  });

  it('ends an idle open connection on close() once tracked', async () => {
    const adapter = new ExpressAdapter();
    const server = createServer(adapter.getInstance());
    adapter.setHttpServer(server);
    trackOpenConnections(adapter);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const ended = new Promise((resolve) => socket.once('close', resolve));

    await adapter.close();

    await expect(ended).resolves.toBeDefined();
  });
});
