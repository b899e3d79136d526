import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aRoomName } from '../builders/user.builder';
import { api } from '../helpers/api-client';
import { eventually } from '../helpers/socket-client';
import { POSTGRES_URL, withPostgres } from '../helpers/test-app';
import { Instance, startServer } from './instances';
import { ResilientSender } from './resilient-sender';

interface Storage {
  name: string;
  /** Creates an empty database and returns the environment that points the server at it. */
  create(): Promise<Record<string, string>>;
  destroy(): Promise<void>;
}

const sqlite = (): Storage => {
  const dir = mkdtempSync(join(tmpdir(), 'chat-crash-'));
  return {
    name: 'SQLite',
    create: () => Promise.resolve({ DATABASE_PATH: join(dir, 'chat.sqlite') }),
    destroy: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  };
};

const postgres = (): Storage => {
  const schema = `crash_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  return {
    name: 'PostgreSQL',
    create: async () => {
      await withPostgres((client) => client.query(`CREATE SCHEMA ${schema}`));
      return { DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema };
    },
    destroy: () => withPostgres((client) => client.query(`DROP SCHEMA ${schema} CASCADE`)),
  };
};

const CLIENTS = 10;
const MESSAGES_EACH = 100;

describe.each([sqlite, postgres])(
  'A lone server killed (SIGKILL) mid-burst and restarted',
  (make) => {
    const storage = make();
    let env: Record<string, string>;
    let server: Instance | undefined;

    beforeAll(async () => {
      env = { ...(await storage.create()), JWT_SECRET: randomBytes(32).toString('hex') };
    });
    afterAll(async () => {
      await server?.stop('SIGKILL');
      await storage.destroy();
    });

    it(`${storage.name}: every acked message is stored once, seqs have no gap, every client ends with all`, async () => {
      server = await startServer(env);
      const users = await Promise.all(Array.from({ length: CLIENTS }, () => api(server!).signUp()));
      const room = await api(server).createRoom(users[0], aRoomName('crash'));
      // The same address before and after the restart, as clients behind one URL see it.
      const address = { url: server.url };
      const senders = await Promise.all(
        users.map((user) => ResilientSender.start(address, address, user, room.id)),
      );

      // Ten clients, five messages in flight each: when the kill comes, some messages are
      // acked, some sent and unanswered, some not sent yet.
      const burst = senders.map((sender, i) => sender.send(MESSAGES_EACH, `c${i}`, 5));
      const ackedSoFar = () => senders.reduce((sum, sender) => sum + sender.acked.size, 0);
      await eventually(() => expect(ackedSoFar()).toBeGreaterThanOrEqual(300), 30_000);
      const ackedBeforeKill = senders.flatMap((sender) => [...sender.acked.values()]);
      await server.stop('SIGKILL');
      server = await startServer(env, server.port);
      await Promise.all(burst);

      const stored = await api(server).allMessages(users[0], room.id);
      const total = CLIENTS * MESSAGES_EACH;
      expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      const byClientMsgId = new Map(stored.map((m) => [m.clientMsgId, m]));
      expect(byClientMsgId.size).toBe(total); // every message once: none lost, none doubled
      // What was acked before the crash survived it exactly as acked (same seq, same time).
      for (const acked of ackedBeforeKill) {
        expect(byClientMsgId.get(acked.clientMsgId)).toEqual(acked);
      }
      for (const sender of senders) {
        for (const acked of sender.acked.values()) {
          expect(byClientMsgId.get(acked.clientMsgId)).toEqual(acked);
        }
        // Each client's resends and catch-ups leave it holding the whole room.
        await sender.catchUp();
        expect(sender.seqs()).toEqual(stored.map((m) => m.seq));
        sender.close();
      }
    });
  },
);
