import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';
import { trackOpenConnections } from './express-internals';

/**
 * Nest's Express adapter with one change: the HTTP server builds each request and response
 * on the Express app's own prototypes (`app.request`, `app.response`).
 *
 * Otherwise Express re-parents every req and res with Object.setPrototypeOf
 * (expressjs/express#5998). Besides slowing property access, every re-parented object then
 * outlives V8's young-generation collections until the next full one: collections copy
 * megabytes of dead requests and pause 4–8 ms about once every 80 requests, which doubles the
 * history benchmark's p99 (docs/performance.md). Built on the right prototype, Express's own
 * setPrototypeOf does nothing.
 */
export class ExpressAdapterOnAppPrototypes extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    if (options.httpsOptions) return super.initHttpServer(options);
    const app = this.getInstance<Express>();
    this.httpServer = createServer(
      {
        IncomingMessage: builtOn<typeof IncomingMessage>(IncomingMessage, app.request),
        ServerResponse: builtOn<typeof ServerResponse>(ServerResponse, app.response),
      },
      app,
    );
    // What ExpressAdapter does for `forceCloseConnections` (through a private method of it;
    // the shutdown test in test/cluster covers that it still happens).
    if (options.forceCloseConnections) trackOpenConnections(this);
  }
}

/**
 * A constructor that runs `base` but gives its objects `prototype` (which must extend base's).
 * Node's IncomingMessage and ServerResponse are function constructors, so `base.call` works;
 * objects made with Reflect.construct and another new.target measured 2.7 KB larger each, and
 * Socket.IO keeps every connection's handshake request.
 */
export function builtOn<T extends abstract new (...args: never[]) => object>(
  base: T,
  prototype: object,
): T {
  const construct = base as unknown as (this: object, ...args: unknown[]) => void;
  function Built(this: object, ...args: unknown[]): void {
    construct.call(this, ...args);
  }
  Built.prototype = prototype;
  return Built as unknown as T;
}
