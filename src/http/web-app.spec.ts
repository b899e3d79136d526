import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { serveWebApp } from './web-app';

describe('serveWebApp', () => {
  const root = mkdtempSync(join(tmpdir(), 'web-app-'));
  writeFileSync(join(root, 'index.html'), '<app-root></app-root>');
  writeFileSync(join(root, 'main-AB12CD34.js'), 'console.log(1)');
  writeFileSync(join(root, 'favicon.ico'), 'icon');
  const app = express();
  app.use(serveWebApp(root));
  app.use((_request, response) => response.status(404).json({ from: 'the API' }));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('serves index.html at / and on deep links, always revalidated', async () => {
    for (const path of ['/', '/rooms/7f0c2b1e-0000-4000-8000-000000000000']) {
      const response = await request(app).get(path).expect(200);
      expect(response.text).toBe('<app-root></app-root>');
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });

  it('lets browsers keep hashed bundles for good, and other files only with revalidation', async () => {
    const bundle = await request(app).get('/main-AB12CD34.js').expect(200);
    expect(bundle.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await request(app).get('/favicon.ico').expect(200);
    expect(icon.headers['cache-control']).toBe('public, max-age=0');
  });

  it('never answers for the API or Socket.IO, whatever the method', async () => {
    for (const path of ['/api', '/api/nope', '/api/main-AB12CD34.js', '/socket.io/x']) {
      await request(app).get(path).expect(404, { from: 'the API' });
    }
    await request(app).post('/rooms').expect(404, { from: 'the API' });
  });
});
