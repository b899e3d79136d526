import type { ExpressAdapter } from '@nestjs/platform-express';

/*
 * The one place that reaches into a private part of @nestjs/platform-express. Its spec fails
 * if an upgrade renames or removes what is used here.
 */

interface ExpressAdapterInternals {
  trackOpenConnections(): void;
}

/**
 * What ExpressAdapter.initHttpServer does for `forceCloseConnections`: remembers open
 * connections so that close() can end them. A private method of ExpressAdapter, needed by
 * an adapter that builds its own HTTP server.
 */
export function trackOpenConnections(adapter: ExpressAdapter): void {
  (adapter as unknown as ExpressAdapterInternals).trackOpenConnections();
}
