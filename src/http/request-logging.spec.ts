import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger } from '../common/logging';
import { logFailure, requestLogging } from './request-logging';

/** Real pino-http on a real HTTP server; the log lines are read back as JSON. */
describe('request logging', () => {
  const lines: Record<string, any>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  const requests = requestLogging(createLogger('info', destination));
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests(request, response);
      if (request.url === '/broken') {
        logFailure(response, new Error('the handler broke'));
        response.statusCode = 500;
      }
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const lineFor = (id: string) => lines.find((line) => line.req?.id === id);

  it('writes one line per request with its id, and nothing of its headers', async () => {
    await fetch(`${url}/fine`, {
      headers: { 'x-request-id': 'req-fine', authorization: 'Bearer secret-token' },
    });

    const line = lineFor('req-fine');
    expect(line).toMatchObject({
      level: 30,
      req: { id: 'req-fine', method: 'GET', url: '/fine' },
      res: { statusCode: 200 },
    });
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });

  it('puts an unexpected error, with its stack, on the failed request’s own line', async () => {
    await fetch(`${url}/broken`, { headers: { 'x-request-id': 'req-broken' } });

    const line = lineFor('req-broken');
    expect(line).toMatchObject({ level: 50, res: { statusCode: 500 } });
    expect(line?.err.message).toBe('the handler broke');
    expect(line?.err.stack).toContain('request-logging.spec.ts');
  });
});
