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

interface JoinedRoom {
  /** The last seq the caller holds, read at (re)join time. */
  lastSeq: () => number | undefined;
  /** The last change number the caller holds, read at (re)join time. */
  lastChange?: () => number | undefined;
  onJoined: (reply: Ack<JoinRoomResult>) => void;
}

/**
 * The one Socket.IO connection, typed by the contract. The token is read at every
 * (re)connect, rejected tokens are refreshed once, and after a reconnect every joined room
 * is joined again with `afterSeq`, so nothing said meanwhile is missed.
 */
@Injectable({ providedIn: 'root' })
export class ChatSocketService {
  private readonly auth = inject(AuthStore);
  private readonly openSocket = inject(SOCKET_IO);
  private socket?: ChatSocket;
  private readonly rooms = new Map<string, JoinedRoom>();
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
      for (const [roomId, room] of this.rooms) void this.emitJoin(roomId, room);
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
    this.rooms.clear();
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
   * Joins a room now (if connected) and after every reconnect; `onJoined` receives each
   * join's ack, whose `missed` fills the gap since `lastSeq()` and `changed` the changes since
   * `lastChange()`.
   */
  join(
    roomId: string,
    lastSeq: JoinedRoom['lastSeq'],
    onJoined: JoinedRoom['onJoined'],
    lastChange?: JoinedRoom['lastChange'],
  ): void {
    const room = { lastSeq, lastChange, onJoined };
    this.rooms.set(roomId, room);
    if (this.socket?.connected) void this.emitJoin(roomId, room);
  }

  leave(roomId: string): void {
    this.rooms.delete(roomId);
    if (this.socket?.connected) void this.request('room:leave', { roomId }).catch(() => undefined);
  }

  private async emitJoin(roomId: string, room: JoinedRoom): Promise<void> {
    const afterSeq = room.lastSeq();
    const afterChange = room.lastChange?.();
    try {
      const reply = await this.request('room:join', {
        roomId,
        ...(afterSeq === undefined ? {} : { afterSeq }),
        ...(afterChange === undefined ? {} : { afterChange }),
      });
      if (this.rooms.get(roomId) !== room) return;
      if (!reply.ok && reply.error.code === 'RATE_LIMITED') {
        // Rejoining many rooms after reconnects can meet the server's join limit: try again
        // when it says, unless the room was left meanwhile (a repeated join is harmless).
        setTimeout(() => {
          if (this.rooms.get(roomId) === room && this.socket?.connected) {
            void this.emitJoin(roomId, room);
          }
        }, reply.error.retryAfterMs ?? 1000);
        return;
      }
      room.onJoined(reply);
    } catch {
      // Timed out or dropped: the next 'connect' joins again.
    }
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
