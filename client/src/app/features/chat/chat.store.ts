import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Message, MessagePage, Room, User } from '../../core/api/api-types';
import { AuthStore } from '../../core/auth/auth.store';
import type {
  Ack,
  JoinRoomResult,
  PresenceEvent,
  SendMessageResult,
  TypingEvent,
} from '../../core/realtime/chat-events';
import { ChatSocketService } from '../../core/realtime/chat-socket.service';
import { RoomsStore } from '../rooms/rooms.store';
import { mergeBySeq } from './message-timeline';
import { draft, markFailed, markPending, OutgoingMessage, settle } from './outbox';

const PAGE_SIZE = 50;
/** The largest page the server gives: catching up goes as fast as it allows. */
const CATCH_UP_PAGE_SIZE = 100;
/** Others' typing shows this long after their last `true`, even if their `false` is lost. */
const TYPING_DISPLAY_MS = 6000;

type LoadState = 'loading' | 'ready' | 'not-found' | 'failed';

/**
 * The open room: its history, what this client is sending, who is here and who is typing.
 * Messages are kept by seq, so live events, catch-ups after a reconnect and older pages
 * merge without duplicates or holes.
 */
@Injectable({ providedIn: 'root' })
export class ChatStore {
  private readonly http = inject(HttpClient);
  private readonly socket = inject(ChatSocketService);
  private readonly auth = inject(AuthStore);
  private readonly roomsStore = inject(RoomsStore);

  private readonly roomSignal = signal<Room | null>(null);
  private readonly messageList = signal<Message[]>([]);
  private readonly outgoing = signal<OutgoingMessage[]>([]);
  private readonly members = signal<ReadonlyMap<string, User>>(new Map());
  private readonly typists = signal<ReadonlyMap<string, User>>(new Map());
  private readonly loadState = signal<LoadState>('loading');
  private readonly olderState = signal({ hasMore: false, isLoading: false });

  readonly room = this.roomSignal.asReadonly();
  readonly messages = this.messageList.asReadonly();
  readonly unconfirmed = this.outgoing.asReadonly();
  readonly users = computed(() =>
    [...this.members().values()].sort((a, b) => a.username.localeCompare(b.username)),
  );
  readonly typingUsers = computed(() => [...this.typists().values()]);
  readonly state = this.loadState.asReadonly();
  readonly hasOlder = computed(() => this.olderState().hasMore);
  readonly isLoadingOlder = computed(() => this.olderState().isLoading);

  private roomId: string | null = null;
  private unsubscribe: (() => void)[] = [];
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private isFlushing = false;
  private isFillingHole = false;

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
      const page = await this.page(roomId, {});
      if (this.roomId !== roomId) return;
      this.messageList.update((list) => mergeBySeq(list, page.messages));
      this.olderState.set({ hasMore: page.hasMore, isLoading: false });
    } catch (error) {
      if (this.roomId === roomId) this.loadState.set(isNotFound(error) ? 'not-found' : 'failed');
      return;
    }
    this.socket.join(
      roomId,
      () => this.lastSeq(),
      (reply) => void this.onJoined(roomId, reply),
    );
  }

  close(): void {
    if (this.roomId) this.socket.leave(this.roomId);
    for (const stop of this.unsubscribe) stop();
    for (const timer of this.typingTimers.values()) clearTimeout(timer);
    this.unsubscribe = [];
    this.typingTimers.clear();
    this.roomId = null;
    this.roomSignal.set(null);
    this.messageList.set([]);
    this.members.set(new Map());
    this.typists.set(new Map());
    this.olderState.set({ hasMore: false, isLoading: false });
  }

  async loadOlder(): Promise<void> {
    const roomId = this.roomId;
    const oldest = this.messageList()[0];
    if (!roomId || !oldest || !this.hasOlder() || this.isLoadingOlder()) return;
    this.olderState.set({ hasMore: true, isLoading: true });
    try {
      const page = await this.page(roomId, { before: oldest.seq });
      if (this.roomId !== roomId) return;
      this.messageList.update((list) => mergeBySeq(list, page.messages));
      this.olderState.set({ hasMore: page.hasMore, isLoading: false });
    } catch {
      this.olderState.set({ hasMore: true, isLoading: false });
    }
  }

  /** Shows the message at once as pending; it is sent now, or when the connection returns. */
  send(body: string): void {
    const text = body.trim();
    if (!this.roomId || text === '') return;
    const message = draft(this.roomId, text);
    this.outgoing.update((list) => [...list, message]);
    void this.flush();
  }

  /** Sends a failed message again, with the same clientMsgId: it cannot be stored twice. */
  retry(clientMsgId: string): void {
    this.outgoing.update((list) => markPending(list, clientMsgId));
    void this.flush();
  }

  discard(clientMsgId: string): void {
    this.outgoing.update((list) => settle(list, new Set([clientMsgId])));
  }

  setTyping(isTyping: boolean): void {
    if (!this.roomId || this.socket.status() !== 'connected') return;
    void this.socket.request('typing', { roomId: this.roomId, isTyping }).catch(() => undefined);
  }

  /**
   * The seq up to which this client holds everything (from its oldest loaded message on):
   * catching up from here, rather than from the newest seq held, also fills any hole.
   */
  private lastSeq(): number {
    const list = this.messageList();
    for (let i = 0; i < list.length - 1; i++) {
      if (list[i + 1].seq !== list[i].seq + 1) return list[i].seq;
    }
    return list.at(-1)?.seq ?? 0;
  }

  /** Seqs have no gaps, so a hole means something was missed: fetch it over REST. */
  private async fillHole(roomId: string): Promise<void> {
    if (this.isFillingHole) return;
    this.isFillingHole = true;
    try {
      await this.pageOn(roomId, () => this.lastSeq() !== this.messageList().at(-1)?.seq);
    } catch {
      // The next reconnect or live message tries again.
    } finally {
      this.isFillingHole = false;
    }
  }

  /**
   * Pages on with `?after=` from the last seq held without a hole, while the server has more
   * and `shouldGoOn()` agrees (and the room is still the open one).
   */
  private async pageOn(roomId: string, shouldGoOn: () => boolean = () => true): Promise<void> {
    let hasMore = true;
    while (hasMore && this.roomId === roomId && shouldGoOn()) {
      const page = await this.page(roomId, { after: this.lastSeq(), limit: CATCH_UP_PAGE_SIZE });
      this.addMessages(page.messages);
      hasMore = page.hasMore;
    }
  }

  private async onJoined(roomId: string, reply: Ack<JoinRoomResult>): Promise<void> {
    if (!reply.ok) {
      this.loadState.set(reply.error.code === 'NOT_FOUND' ? 'not-found' : 'failed');
      return;
    }
    this.roomSignal.set(reply.room);
    this.members.set(new Map(reply.users.map((u) => [u.id, u])));
    this.addMessages(reply.missed);
    // More was missed than one ack carries: page on until caught up.
    if (reply.hasMore) await this.pageOn(roomId);
    this.loadState.set('ready');
    await this.flush();
  }

  /** Sends pending messages one at a time, in the order they were written. */
  private async flush(): Promise<void> {
    if (this.isFlushing) return;
    this.isFlushing = true;
    try {
      for (;;) {
        const next = this.outgoing().find(
          (m) => m.status === 'pending' && m.roomId === this.roomId,
        );
        if (!next || this.socket.status() !== 'connected' || this.loadState() !== 'ready') return;
        const isDelivered = await this.deliver(next);
        if (!isDelivered) return;
      }
    } finally {
      this.isFlushing = false;
    }
  }

  /** True when the server answered (stored or refused); false when it should wait. */
  private async deliver(message: OutgoingMessage): Promise<boolean> {
    let reply: Ack<SendMessageResult>;
    try {
      reply = await this.socket.request('message:send', {
        roomId: message.roomId,
        body: message.body,
        clientMsgId: message.clientMsgId,
      });
    } catch {
      if (this.socket.status() === 'connected') {
        this.outgoing.update((list) =>
          markFailed(list, message.clientMsgId, 'Not sent: no answer from the server'),
        );
        return true;
      }
      return false; // offline: stays pending and goes out after the reconnect
    }
    if (reply.ok) {
      this.addMessages([reply.message]);
    } else if (reply.error.code === 'NOT_JOINED') {
      return false; // mid-reconnect: the rejoin flushes again
    } else {
      this.outgoing.update((list) => markFailed(list, message.clientMsgId, reply.error.message));
    }
    return true;
  }

  private addMessages(messages: Message[]): void {
    const mine = this.auth.user()?.id;
    const confirmed = new Set(
      messages.filter((m) => m.sender.id === mine && m.clientMsgId).map((m) => m.clientMsgId!),
    );
    this.messageList.update((list) => mergeBySeq(list, messages));
    if (confirmed.size > 0) this.outgoing.update((list) => settle(list, confirmed));
  }

  private onMessage(message: Message): void {
    this.roomsStore.noteMessage(message);
    if (message.roomId !== this.roomId) return;
    const newest = this.messageList().at(-1)?.seq;
    this.addMessages([message]);
    this.stopShowingTyping(message.sender.id);
    if (newest !== undefined && message.seq > newest + 1 && this.state() === 'ready') {
      void this.fillHole(message.roomId);
    }
  }

  private onPresence({ roomId, joined, left }: PresenceEvent): void {
    if (roomId !== this.roomId) return;
    this.members.update((current) => {
      const next = new Map(current);
      for (const user of left) next.delete(user.id);
      for (const user of joined) next.set(user.id, user);
      return next;
    });
    for (const user of left) this.stopShowingTyping(user.id);
  }

  private onTyping({ roomId, user, isTyping }: TypingEvent): void {
    if (roomId !== this.roomId) return;
    if (!isTyping) return this.stopShowingTyping(user.id);
    clearTimeout(this.typingTimers.get(user.id));
    this.typingTimers.set(
      user.id,
      setTimeout(() => this.stopShowingTyping(user.id), TYPING_DISPLAY_MS),
    );
    this.typists.update((current) => new Map(current).set(user.id, user));
  }

  private stopShowingTyping(userId: string): void {
    clearTimeout(this.typingTimers.get(userId));
    this.typingTimers.delete(userId);
    if (!this.typists().has(userId)) return;
    this.typists.update((current) => {
      const next = new Map(current);
      next.delete(userId);
      return next;
    });
  }

  private page(
    roomId: string,
    cursor: { before?: number; after?: number; limit?: number },
  ): Promise<MessagePage> {
    const params = { limit: PAGE_SIZE, ...cursor };
    return firstValueFrom(this.http.get<MessagePage>(`/api/rooms/${roomId}/messages`, { params }));
  }
}

function isNotFound(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { status?: number }).status === 404
  );
}
