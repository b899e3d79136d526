import { HttpClient } from '@angular/common/http';
import { inject, Injectable, signal } from '@angular/core';
import type { Message, Room } from '../../core/api/api-types';
import { AuthStore } from '../../core/auth/auth.store';
import type {
  Ack,
  JoinRoomResult,
  PresenceEvent,
  TypingEvent,
} from '../../core/realtime/chat-events';
import { ChatSocketService } from '../../core/realtime/chat-socket.service';
import { RoomsStore } from '../rooms/rooms.store';
import { OutboxState } from './outbox.state';
import { PresenceState } from './presence.state';
import { TimelineState } from './timeline.state';

type LoadState = 'loading' | 'ready' | 'not-found' | 'forbidden' | 'failed';

/**
 * The open room. It opens and joins the room and routes the socket's events to three parts:
 * the timeline (stored messages by seq), the outbox (what this client is sending) and
 * presence (who is here, who is typing). Components read its signals and call its methods.
 */
@Injectable({ providedIn: 'root' })
export class ChatStore {
  private readonly socket = inject(ChatSocketService);
  private readonly auth = inject(AuthStore);
  private readonly roomsStore = inject(RoomsStore);

  private readonly timeline = new TimelineState(inject(HttpClient), (messages) =>
    this.outbox.confirm(messages),
  );
  private readonly outbox = new OutboxState({
    socket: this.socket,
    myId: () => this.auth.user()?.id,
    sendableRoomId: () => (this.loadState() === 'ready' ? this.roomId : null),
    onStored: (message) => this.timeline.add([message]),
  });
  private readonly presence = new PresenceState();

  private readonly roomSignal = signal<Room | null>(null);
  private readonly loadState = signal<LoadState>('loading');

  readonly room = this.roomSignal.asReadonly();
  readonly state = this.loadState.asReadonly();
  readonly messages = this.timeline.messages;
  readonly hasOlder = this.timeline.hasOlder;
  readonly isLoadingOlder = this.timeline.isLoadingOlder;
  readonly unconfirmed = this.outbox.messages;
  readonly users = this.presence.users;
  readonly typingUsers = this.presence.typingUsers;

  private roomId: string | null = null;
  private unsubscribe: (() => void)[] = [];

  async open(roomId: string): Promise<void> {
    this.close();
    this.roomId = roomId;
    this.roomSignal.set(this.roomsStore.find(roomId) ?? null);
    this.loadState.set('loading');
    this.unsubscribe = [
      this.socket.on('message:new', (message) => this.onMessage(message)),
      this.socket.on('presence', (event) => this.onPresence(event)),
      this.socket.on('typing', (event) => this.onTyping(event)),
    ];
    try {
      await this.timeline.open(roomId);
      if (this.roomId !== roomId) return;
    } catch (error) {
      if (this.roomId === roomId) this.loadState.set(failureState(httpStatus(error)));
      return;
    }
    this.socket.join(
      roomId,
      () => this.timeline.lastSeq(),
      (reply) => void this.onJoined(roomId, reply),
    );
  }

  close(): void {
    if (this.roomId) this.socket.leave(this.roomId);
    for (const stop of this.unsubscribe) stop();
    this.unsubscribe = [];
    this.roomId = null;
    this.roomSignal.set(null);
    this.timeline.close();
    this.presence.clear();
  }

  loadOlder(): Promise<void> {
    return this.timeline.loadOlder();
  }

  /** Shows the message at once as pending; it is sent now, or when the connection returns. */
  send(body: string): void {
    const text = body.trim();
    if (!this.roomId || text === '') return;
    this.outbox.add(this.roomId, text);
  }

  /** Sends a failed message again, with the same clientMsgId: it cannot be stored twice. */
  retry(clientMsgId: string): void {
    this.outbox.retry(clientMsgId);
  }

  discard(clientMsgId: string): void {
    this.outbox.discard(clientMsgId);
  }

  setTyping(isTyping: boolean): void {
    if (!this.roomId || this.socket.status() !== 'connected') return;
    void this.socket.request('typing', { roomId: this.roomId, isTyping }).catch(() => undefined);
  }

  private async onJoined(roomId: string, reply: Ack<JoinRoomResult>): Promise<void> {
    if (!reply.ok) {
      const code = reply.error.code;
      this.loadState.set(
        code === 'NOT_FOUND' ? 'not-found' : code === 'FORBIDDEN' ? 'forbidden' : 'failed',
      );
      return;
    }
    this.roomSignal.set(reply.room);
    this.roomsStore.noteJoined(reply.room);
    this.presence.setMembers(reply.users);
    this.timeline.add(reply.missed);
    // More was missed than one ack carries: page on until caught up.
    if (reply.hasMore) await this.timeline.catchUp(roomId);
    this.loadState.set('ready');
    await this.outbox.flush();
  }

  private onMessage(message: Message): void {
    this.roomsStore.noteMessage(message);
    if (message.roomId !== this.roomId) return;
    const newest = this.timeline.messages().at(-1)?.seq;
    this.timeline.add([message]);
    this.presence.stopShowingTyping(message.sender.id);
    if (newest !== undefined && message.seq > newest + 1 && this.state() === 'ready') {
      void this.timeline.fillHole(message.roomId);
    }
  }

  private onPresence({ roomId, joined, left }: PresenceEvent): void {
    if (roomId === this.roomId) this.presence.apply(joined, left);
  }

  private onTyping({ roomId, user, isTyping }: TypingEvent): void {
    if (roomId === this.roomId) this.presence.showTyping(user, isTyping);
  }
}

function httpStatus(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null
    ? (error as { status?: number }).status
    : undefined;
}

/** 404: no such room (or a private one); 403: one this user may not enter (banned). */
function failureState(status: number | undefined): LoadState {
  if (status === 404) return 'not-found';
  return status === 403 ? 'forbidden' : 'failed';
}
