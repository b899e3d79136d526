import { io, Socket } from 'socket.io-client';
import type {
  Ack,
  ClientToServerEvents,
  ServerToClientEvents,
} from '../../src/realtime/chat-events';
import type { TestApp } from './test-app';

export type ChatClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A raw client, not yet connected: for tests of the handshake itself. */
export function socketFor(testApp: Pick<TestApp, 'url'>, token?: string): ChatClient {
  return io(testApp.url, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    autoConnect: false,
  });
}

/** A connected, authenticated client. */
export async function connectAs(
  testApp: Pick<TestApp, 'url'>,
  session: { accessToken: string },
): Promise<ChatClient> {
  const socket = socketFor(testApp, session.accessToken);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
    socket.connect();
  });
  return socket;
}

/** Emits and waits for the ack (2 s at most), typed by event. */
export function request<E extends keyof ClientToServerEvents>(
  socket: ChatClient,
  event: E,
  payload: unknown,
): Promise<Ack<Record<string, never>> & Record<string, any>> {
  return (socket.timeout(2000) as any).emitWithAck(event, payload);
}

/** Collects every event of one name a socket receives, for later assertions. */
export function record<E extends keyof ServerToClientEvents>(
  socket: ChatClient,
  event: E,
): Parameters<ServerToClientEvents[E]>[0][] {
  const received: Parameters<ServerToClientEvents[E]>[0][] = [];
  socket.on(event as any, (payload: any) => received.push(payload));
  return received;
}

/** One `presence` event as a client saw it, with when it arrived (ms). */
export type SeenPresence = Parameters<ServerToClientEvents['presence']>[0] & { at: number };

/**
 * A client's view of who is in a room: the join ack's list, then every `presence` delta of
 * the room applied as set operations by user id, as the contract tells clients to.
 */
export function presenceViewOf(
  socket: ChatClient,
  roomId: string,
  users: { id: string }[] = [],
): { events: SeenPresence[]; ids(): string[] } {
  const present = new Set(users.map((user) => user.id));
  const events: SeenPresence[] = [];
  socket.on('presence', (event) => {
    if (event.roomId !== roomId) return;
    events.push({ ...event, at: Date.now() });
    for (const user of event.left) present.delete(user.id);
    for (const user of event.joined) present.add(user.id);
  });
  return { events, ids: () => [...present].sort() };
}

/** Resolves once `check` passes, polling briefly; fails after `timeoutMs`. */
export async function eventually(
  check: () => void | Promise<void>,
  timeoutMs = 2000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Waits a moment in which nothing should arrive, for "and nothing else" assertions. */
export const quietPeriod = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every client sends `perClient` messages, all at once, to one room (keys
 * `${keyPrefix}-<client>-<n>`); then checks that every inbox got all of them exactly once, in
 * seq order, seqs 1..N. Returns the acks.
 */
export async function sendAllAtOnceAndCheckDelivery(
  clients: ChatClient[],
  inboxes: { seq: number }[][],
  roomId: string,
  perClient: number,
  keyPrefix: string,
  deliveryTimeoutMs = 5000,
) {
  const replies = await Promise.all(
    clients.flatMap((socket, c) =>
      Array.from({ length: perClient }, (_, m) =>
        request(socket, 'message:send', {
          roomId,
          body: `c${c} m${m}`,
          clientMsgId: `${keyPrefix}-${c}-${m}`,
        }),
      ),
    ),
  );
  const total = clients.length * perClient;
  const allSeqs = Array.from({ length: total }, (_, i) => i + 1);
  expect(replies.every((reply) => reply.ok)).toBe(true);
  expect(replies.map((reply) => reply.message.seq).sort((x, y) => x - y)).toEqual(allSeqs);
  await eventually(
    () => inboxes.forEach((inbox) => expect(inbox).toHaveLength(total)),
    deliveryTimeoutMs,
  );
  for (const inbox of inboxes) expect(inbox.map((m) => m.seq)).toEqual(allSeqs);
  await quietPeriod();
  for (const inbox of inboxes) expect(inbox).toHaveLength(total);
  return replies;
}

/** Sockets a describe block opens, each disconnected when its test ends. */
export interface SocketsOfEachTest {
  /** Connects as `session`; given a room, joins it (with `join`'s cursors) and expects ok. */
  open(
    target: Pick<TestApp, 'url'>,
    session: { accessToken: string },
    roomId?: string,
    join?: { afterSeq?: number; afterChange?: number },
  ): Promise<ChatClient>;
  /** Disconnects `socket` when the test ends (for sockets made some other way). */
  track(socket: ChatClient): ChatClient;
  /** Disconnects every socket opened so far (also done after each test). */
  closeAll(): void;
}

/** Call inside `describe`: registers the afterEach that disconnects what the tests opened. */
export function socketsOfEachTest(): SocketsOfEachTest {
  const sockets: ChatClient[] = [];
  const closeAll = () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  };
  afterEach(closeAll);
  const track = (socket: ChatClient) => {
    sockets.push(socket);
    return socket;
  };
  return {
    track,
    closeAll,
    async open(target, session, roomId, join = {}) {
      const socket = track(await connectAs(target, session));
      if (roomId !== undefined) {
        expect(await request(socket, 'room:join', { roomId, ...join })).toMatchObject({ ok: true });
      }
      return socket;
    },
  };
}
