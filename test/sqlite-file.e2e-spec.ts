import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { aRoomName } from './builders/user.builder';
import { api } from './helpers/api-client';
import { connectAs, request as ask } from './helpers/socket-client';
import { startTestApp, TEST_ENGINE, TestApp } from './helpers/test-app';

/**
 * SQLite commits go to its write-ahead log first; the server moves them into the database
 * file itself from a thread of its own. This checks they get there while the server runs,
 * by reading a copy of the database file alone, as a file-level backup would.
 */
(TEST_ENGINE === 'sqlite' ? describe : describe.skip)('The SQLite file (e2e)', () => {
  let testApp: TestApp;
  const scratch = mkdtempSync(join(tmpdir(), 'chat-file-'));

  beforeAll(async () => {
    testApp = await startTestApp({ MESSAGE_RATE_BURST: '10000', MESSAGE_RATE_PER_MINUTE: '10000' });
  });
  afterAll(async () => {
    await testApp.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('receives committed messages within a moment, not only the log', async () => {
    const alice = await api(testApp).signUp();
    const room = await api(testApp).createRoom(alice, aRoomName());
    const socket = await connectAs(testApp, alice);
    await ask(socket, 'room:join', { roomId: room.id });
    const sends = Array.from({ length: 300 }, (_, i) =>
      ask(socket, 'message:send', { roomId: room.id, body: `message ${i}` }),
    );
    expect((await Promise.all(sends)).every((reply) => reply.ok)).toBe(true);
    socket.disconnect();

    await new Promise((resolve) => setTimeout(resolve, 600));
    const { database } = testApp.config;
    if (database.type !== 'sqlite') throw new Error('this suite runs on SQLite only');
    const copy = join(scratch, 'copy.sqlite');
    copyFileSync(database.path, copy);
    const db = new Database(copy, { readonly: true });
    try {
      const { count } = db.prepare('SELECT count(*) AS count FROM messages').get() as {
        count: number;
      };
      expect(count).toBe(300);
    } finally {
      db.close();
    }
  });
});
