import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { ExpressAdapterOnAppPrototypes } from './express-adapter';

/** A real server from the adapter, and what the requests look like when they arrive. */
describe('ExpressAdapterOnAppPrototypes', () => {
  const adapter = new ExpressAdapterOnAppPrototypes();
  const app = adapter.getInstance<Express>();
  let server: Server;
  const arrived: { request?: object; response?: object } = {};

  beforeAll(async () => {
    adapter.initHttpServer({ forceCloseConnections: true });
    server = adapter.getHttpServer();
    // Before Express sees them: Express would re-parent them if they were not built right.
    server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
      arrived.request = Object.getPrototypeOf(request) as object;
      arrived.response = Object.getPrototypeOf(response) as object;
    });
    app.get('/hello', (request, response) => {
      response.json({ ip: request.ip, path: request.path });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => adapter.close());

  it('builds requests and responses on the app’s own prototypes, and Express still works', async () => {
    const { port } = server.address() as AddressInfo;
    const reply = await fetch(`http://127.0.0.1:${port}/hello?x=1`);

    expect(await reply.json()).toEqual({ ip: '127.0.0.1', path: '/hello' });
    expect(arrived.request).toBe(app.request);
    expect(arrived.response).toBe(app.response);
  });
});
