import { IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Express } from 'express';
import { builtOn, ExpressAdapterOnAppPrototypes } from './express-adapter';

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

  it('builds requests no larger than Node’s own (Socket.IO keeps every handshake request)', () => {
    // Built with Reflect.construct and another new.target, each was 2.7 KB larger.
    const heapPerRequest = (Request: typeof IncomingMessage) => {
      const kept: IncomingMessage[] = [];
      collectGarbage();
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < 2000; i++) kept.push(new Request(new Socket()));
      collectGarbage();
      return (process.memoryUsage().heapUsed - before) / kept.length;
    };

    const ours = heapPerRequest(builtOn<typeof IncomingMessage>(IncomingMessage, app.request));
    const nodes = heapPerRequest(IncomingMessage);

    expect(ours).toBeLessThan(nodes * 1.3);
  });
});

/** A full garbage collection, so that heap figures count only what is still referenced. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
