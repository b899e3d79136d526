import { inject, Injectable, InjectionToken, signal } from '@angular/core';
import { io, Socket } from 'socket.io-client';
import { AuthStore } from '../auth/auth.store';
import type {
  Ack,
  ClientToServerEvents,
  JoinRoomResult,
  ServerToClientEvents,
} from './chat-events';

export type ConnectionStatus = 'offline' | 'connecting' | 'connected' | 'reconnecting';

type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Payload<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
type Reply<E extends keyof ClientToServerEvents> = Parameters<
  Parameters<ClientToServerEvents[E]>[1]
>[0];

/** Opens the connection; a token so tests can stand in for the network. */
export const SOCKET_IO = new InjectionToken<typeof io>('SOCKET_IO', { factory: () => io });

/** How long a request waits for its ack before it counts as failed. */
export const ACK_TIMEOUT_MS = 8000;
/**
 * Joins in flight at once. A member of 500 rooms joins them all after every (re)connect: one
 * round trip at a time would take seconds, all at once would queue 500 reads on the server
 * ahead of everyone else's; a few in flight keep the pipe full and the server fair.
 */
export const JOIN_CONCURRENCY = 8;

interface JoinedRoom {
  /** The last seq the caller holds, read at (re)join time. */
  lastSeq: () => number | undefined;
  /** The last change number the caller holds, read at (re)join time. */
  lastChange?: () => number | undefined;
  onJoined: (reply: Ack<JoinRoomResult>) => void;
}

/**
 * The one Socket.IO connection, typed by the contract. The token is read at every
 * (re)connect, rejected tokens are refreshed once, and after every (re)connect it joins every
 * room the user is a member of (API.md: clients that show unread counts do), so `message:new`
 * of every room keeps the counts live. Rooms on screen (`join`) go first, with `afterSeq` and
 * `afterChange`, so nothing said meanwhile is missed; the others hold no timeline here, so
 * they join without, and `onMemberRoomsJoined` tells when all are in (counts read then are
 * exact from there on).
 */
@Injectable({ providedIn: 'root' })
export class ChatSocketService {
  private readonly auth = inject(AuthStore);
  private readonly openSocket = inject(SOCKET_IO);
  private socket?: ChatSocket;
  /** Rooms on screen: their joins carry what the caller holds, and their acks go back. */
  private readonly rooms = new Map<string, JoinedRoom>();
  /** Every room the user is a member of: joined in the background. */
  private memberRooms = new Set<string>();
  /** Joined on this connection. */
  private readonly joined = new Set<string>();
  /** Joins on their way on this connection. */
  private readonly joining = new Set<string>();
  /** Waiting for a free join slot, in order (rooms on screen first). */
  private queue: string[] = [];
  private inFlight = 0;
  /** Joins the server refused as too fast, waiting for the time it named. */
  private retrying = 0;
  /** A background room was joined since the last time everything was in. */
  private hasJoinedMembers = false;
  /** Counts connections: acks and retries of an earlier one are stale. */
  private connection = 0;
  private readonly joinedHandlers = new Set<() => void>();
  private readonly statusSignal = signal<ConnectionStatus>('offline');
  readonly status = this.statusSignal.asReadonly();

  connect(url = '/'): void {
    if (this.socket) return;
    this.statusSignal.set('connecting');
    const socket: ChatSocket = this.openSocket(url, {
      auth: (send) => send({ token: this.auth.accessToken() }),
      transports: ['websocket'],
    });
    socket.on('connect', () => {
      this.statusSignal.set('connected');
      this.rejoinAll();
    });
    socket.on('disconnect', (reason) => {
      this.statusSignal.set('reconnecting');
      // The server closed it on purpose (logout elsewhere, revoked session): Socket.IO will
      // not retry on its own. A refresh tells a revoked session from a passing one.
      if (reason === 'io server disconnect') void this.recoverAuth();
    });
    socket.on('connect_error', (error) => {
      this.statusSignal.set('reconnecting');
      if (error.message === 'unauthorized') void this.recoverAuth();
    });
    this.socket = socket;
  }

  disconnect(): void {
    this.socket?.disconnect();
    this.socket = undefined;
    this.connection++;
    this.rooms.clear();
    this.memberRooms.clear();
    this.joined.clear();
    this.joining.clear();
    this.queue = [];
    this.inFlight = 0;
    this.retrying = 0;
    this.statusSignal.set('offline');
  }

  /** Subscribes to a server event; returns the unsubscribe function. */
  on<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): () => void {
    const socket = this.requireSocket();
    socket.on(event, handler as never);
    return () => socket.off(event, handler as never);
  }

  /** Emits and resolves with the ack; rejects when not connected or after the timeout. */
  request<E extends keyof ClientToServerEvents>(
    event: E,
    payload: Payload<E>,
    timeoutMs = ACK_TIMEOUT_MS,
  ): Promise<Reply<E>> {
    const socket = this.requireSocket();
    if (!socket.connected) return Promise.reject(new Error('offline'));
    const timed = socket.timeout(timeoutMs) as unknown as {
      emitWithAck(event: E, payload: Payload<E>): Promise<Reply<E>>;
    };
    return timed.emitWithAck(event, payload);
  }

  /**
   * Joins a room on screen now (if connected) and after every reconnect; `onJoined` receives
   * each join's ack, whose `missed` fills the gap since `lastSeq()` and `changed` the changes
   * since `lastChange()`.
   */
  join(
    roomId: string,
    lastSeq: JoinedRoom['lastSeq'],
    onJoined: JoinedRoom['onJoined'],
    lastChange?: JoinedRoom['lastChange'],
  ): void {
    this.rooms.set(roomId, { lastSeq, lastChange, onJoined });
    this.queue = this.queue.filter((id) => id !== roomId);
    // Someone is waiting for this one: it does not queue behind background joins.
    if (this.socket?.connected) void this.emitJoin(roomId, this.connection);
  }

  /** The room is no longer on screen; a member stays joined (for its counts), others leave. */
  leave(roomId: string): void {
    this.rooms.delete(roomId);
    if (this.memberRooms.has(roomId)) return;
    this.joined.delete(roomId);
    this.queue = this.queue.filter((id) => id !== roomId);
    if (this.socket?.connected) void this.request('room:leave', { roomId }).catch(() => undefined);
  }

  /**
   * The rooms the user is a member of, as the room list has them now: new ones are joined,
   * and ones left or removed from are forgotten (the server has already taken the socket out).
   */
  keepJoined(roomIds: Iterable<string>): void {
    const next = new Set(roomIds);
    for (const roomId of this.memberRooms) {
      if (next.has(roomId) || this.rooms.has(roomId)) continue;
      this.joined.delete(roomId);
      this.queue = this.queue.filter((id) => id !== roomId);
    }
    const added = [...next].filter((id) => !this.memberRooms.has(id));
    this.memberRooms = next;
    for (const roomId of added) this.enqueue(roomId);
    this.pump();
  }

  /**
   * `handler` runs each time every member room is joined after some were (re)joined: from
   * then on every message of theirs arrives live, so counts read then stay exact. Returns the
   * unsubscribe function.
   */
  onMemberRoomsJoined(handler: () => void): () => void {
    this.joinedHandlers.add(handler);
    return () => this.joinedHandlers.delete(handler);
  }

  private rejoinAll(): void {
    this.connection++;
    this.joined.clear();
    this.joining.clear();
    this.inFlight = 0;
    this.retrying = 0;
    this.queue = [];
    for (const roomId of this.rooms.keys()) this.enqueue(roomId);
    for (const roomId of this.memberRooms) this.enqueue(roomId);
    this.pump();
  }

  private enqueue(roomId: string): void {
    if (this.joined.has(roomId) || this.joining.has(roomId) || this.queue.includes(roomId)) return;
    this.queue.push(roomId);
  }

  private pump(): void {
    while (this.socket?.connected && this.inFlight < JOIN_CONCURRENCY && this.queue.length > 0) {
      void this.emitJoin(this.queue.shift()!, this.connection);
    }
    this.checkAllJoined();
  }

  private isWanted(roomId: string): boolean {
    return this.rooms.has(roomId) || this.memberRooms.has(roomId);
  }

  private async emitJoin(roomId: string, connection: number): Promise<void> {
    const room = this.rooms.get(roomId);
    const afterSeq = room?.lastSeq();
    const afterChange = room?.lastChange?.();
    if (!room) this.hasJoinedMembers = true;
    this.inFlight++;
    this.joining.add(roomId);
    let reply: Ack<JoinRoomResult> | undefined;
    try {
      reply = await this.request('room:join', {
        roomId,
        ...(afterSeq === undefined ? {} : { afterSeq }),
        ...(afterChange === undefined ? {} : { afterChange }),
      });
    } catch {
      // Timed out or dropped: the next 'connect' joins again.
    }
    if (connection !== this.connection) return;
    this.inFlight--;
    this.joining.delete(roomId);
    if (reply && this.isWanted(roomId)) this.settle(roomId, room, reply, connection);
    this.pump();
  }

  private settle(
    roomId: string,
    sent: JoinedRoom | undefined,
    reply: Ack<JoinRoomResult>,
    connection: number,
  ): void {
    if (!reply.ok && reply.error.code === 'RATE_LIMITED') {
      // Joining every room after reconnects can meet the server's join limit: try again when
      // it says (a repeated join is harmless), unless the room is no longer wanted.
      this.retrying++;
      setTimeout(() => {
        if (connection !== this.connection) return;
        this.retrying--;
        if (!this.isWanted(roomId)) return this.pump();
        if (this.rooms.has(roomId)) void this.emitJoin(roomId, connection);
        else this.enqueue(roomId);
        this.pump();
      }, reply.error.retryAfterMs ?? 1000);
      return;
    }
    if (reply.ok) this.joined.add(roomId);
    const shown = this.rooms.get(roomId);
    // The ack answers what this join sent: a room opened again meanwhile has its own join.
    if (shown && shown === sent) shown.onJoined(reply);
  }

  private checkAllJoined(): void {
    if (!this.hasJoinedMembers || this.inFlight > 0 || this.retrying > 0) return;
    if (this.queue.length > 0 || !this.socket?.connected) return;
    this.hasJoinedMembers = false;
    for (const handler of this.joinedHandlers) handler();
  }

  private async recoverAuth(): Promise<void> {
    if (!this.socket || !(await this.auth.refresh())) return;
    this.socket.connect();
  }

  private requireSocket(): ChatSocket {
    if (!this.socket) throw new Error('ChatSocketService.connect() has not been called');
    return this.socket;
  }
}
