import { join } from 'node:path';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';

/** Paths the web app never answers: the API (whose unknown routes are JSON 404s) and Socket.IO. */
const NOT_THE_APP = /^\/(api|socket\.io)(\/|$)/;
/** Angular names its bundles by content hash: a name never changes what it holds. */
const HASHED_BUNDLE = /-[A-Z0-9]{8,}\.(js|css)$/;

/**
 * Serves the built client: its files, and index.html for any other GET, so deep links such as
 * /rooms/<id> work on reload. API requests pass by without touching the disk (Nest's
 * ServeStaticModule runs express.static ahead of every route, so each API request would first
 * look for a file of its name: a third of a 404's cost).
 */
export function serveWebApp(root: string): RequestHandler {
  const files = express.static(root, {
    index: false,
    setHeaders: (response, path) => {
      if (HASHED_BUNDLE.test(path)) {
        response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      }
    },
  });
  const index = join(root, 'index.html');
  const sendIndex = (response: Response, next: NextFunction) =>
    // Always revalidated: it names the current bundles.
    response.sendFile(index, { headers: { 'Cache-Control': 'no-cache' } }, (error) => {
      if (error) next(error);
    });

  return (request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (NOT_THE_APP.test(request.path)) return next();
    files(request, response, () => sendIndex(response, next));
  };
}
