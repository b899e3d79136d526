import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import type { Message, Room, User } from '../../core/api/api-types';
import { AuthStore } from '../../core/auth/auth.store';
import type {
  Ack,
  JoinRoomResult,
  PresenceEvent,
  TypingEvent,
} from '../../core/realtime/chat-events';
import { ChatSocketService } from '../../core/realtime/chat-socket.service';
import { RoomsStore } from '../rooms/rooms.store';
import { hasReacted, withPending } from './message-changes';
import type { OutgoingFile } from './outbox';
import { OutboxState } from './outbox.state';
import { PresenceState } from './presence.state';
import { TimelineState } from './timeline.state';

type LoadState = 'loading' | 'ready' | 'not-found' | 'forbidden' | 'failed';

/** How long a message jumped to stays highlighted. */
const HIGHLIGHT_MS = 2500;

/** The message the composer answers, as it shows it. */
export interface ReplyDraft {
  id: string;
  seq: number;
  username: string;
  body: string;
}

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
    onDeleted: (messageId) => this.timeline.markDeleted(messageId),
    onRefused: (reason) => this.changeErrorSignal.set(reason),
  });
  private readonly presence = new PresenceState();

  private readonly roomSignal = signal<Room | null>(null);
  private readonly loadState = signal<LoadState>('loading');

  private readonly editingSignal = signal<string | null>(null);
  private readonly replySignal = signal<ReplyDraft | null>(null);
  private readonly highlightSignal = signal<number | null>(null);
  private readonly changeErrorSignal = signal('');

  readonly room = this.roomSignal.asReadonly();
  readonly state = this.loadState.asReadonly();
  /** The stored messages, with this client's changes not yet acknowledged shown as done. */
  readonly messages = computed(() =>
    withPending(this.timeline.messages(), this.outbox.changes(), this.auth.user()?.id),
  );
  /** Ids of messages with a change of this client's on its way. */
  readonly changingIds = computed(
    () => new Set(this.outbox.changes().map((p) => p.change.messageId)),
  );
  /** The message being edited, by id. */
  readonly editingId = this.editingSignal.asReadonly();
  readonly replyingTo = this.replySignal.asReadonly();
  /** The seq of a message jumped to, highlighted for a moment. */
  readonly highlightedSeq = this.highlightSignal.asReadonly();
  /** Why the server refused the last change, for the person to read; "" when none. */
  readonly changeError = this.changeErrorSignal.asReadonly();
  /** Names of the people this client knows of, by id: for "who reacted". */
  readonly names = computed(() => {
    const names = new Map<string, string>();
    for (const m of this.timeline.messages()) {
      names.set(m.sender.id, m.sender.username);
      if (m.replyTo) names.set(m.replyTo.sender.id, m.replyTo.sender.username);
      for (const u of m.mentions) names.set(u.id, u.username);
    }
    for (const u of this.presence.users()) names.set(u.id, u.username);
    for (const u of this.roomSignal()?.members ?? []) names.set(u.id, u.username);
    const me = this.auth.user();
    if (me) names.set(me.id, me.username);
    return names;
  });
  readonly hasOlder = this.timeline.hasOlder;
  readonly isLoadingOlder = this.timeline.isLoadingOlder;
  /** After a jump to a message: newer history still to load before the live end. */
  readonly hasNewer = this.timeline.hasNewer;
  readonly isLoadingNewer = this.timeline.isLoadingNewer;
  readonly unconfirmed = this.outbox.messages;
  readonly users = this.presence.users;
  readonly typingUsers = this.presence.typingUsers;

  private roomId: string | null = null;
  private unsubscribe: (() => void)[] = [];
  /**
   * Per room, the change number up to which this client holds every change: sent as
   * `afterChange` when (re)joining. It moves only with changes read in order (live while in
   * step, the join's `changed`, the changes pages), never with a page of history.
   */
  private readonly lastChanges = new Map<string, number>();
  /** False from a (re)join until its changes are caught up: live ones may be ahead of a hole. */
  private changesInStep = false;
  private highlightTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * Opens a room at its newest messages, or, with `aroundSeq` (a search result), at that
   * message with history around it, highlighted for a moment.
   */
  async open(roomId: string, aroundSeq?: number): Promise<void> {
    this.close();
    this.roomId = roomId;
    this.roomSignal.set(this.roomsStore.find(roomId) ?? null);
    this.loadState.set('loading');
    // The newest page read below holds every change made before it: the room's change
    // number read before it (or a higher one seen in this room before) is a safe start.
    this.noteChange(roomId, this.roomsStore.find(roomId)?.lastChange ?? 0);
    this.unsubscribe = [
      this.socket.on('message:new', (message) => this.onMessage(message)),
      this.socket.on('message:updated', (message) => this.onMessageUpdated(message)),
      this.socket.on('presence', (event) => this.onPresence(event)),
      this.socket.on('typing', (event) => this.onTyping(event)),
      this.socket.on('user:updated', (user) => this.onUserUpdated(user)),
    ];
    try {
      if (aroundSeq === undefined) await this.timeline.open(roomId);
      else await this.timeline.openAround(roomId, aroundSeq);
      if (this.roomId !== roomId) return;
      if (aroundSeq !== undefined) this.highlight(aroundSeq);
    } catch (error) {
      if (this.roomId === roomId) this.loadState.set(failureState(httpStatus(error)));
      return;
    }
    this.socket.join(
      roomId,
      () => this.timeline.lastSeq(),
      (reply) => void this.onJoined(roomId, reply),
      () => {
        this.changesInStep = false;
        return this.lastChanges.get(roomId) ?? 0;
      },
    );
  }

  close(): void {
    if (this.roomId) this.socket.leave(this.roomId);
    for (const stop of this.unsubscribe) stop();
    this.unsubscribe = [];
    this.roomId = null;
    this.changesInStep = false;
    this.roomSignal.set(null);
    this.editingSignal.set(null);
    this.replySignal.set(null);
    this.highlightSignal.set(null);
    this.changeErrorSignal.set('');
    this.timeline.close();
    this.presence.clear();
  }

  loadOlder(): Promise<void> {
    return this.timeline.loadOlder();
  }

  loadNewer(): Promise<void> {
    return this.timeline.loadNewer();
  }

  /** Leaves a jump into history for the newest messages. */
  returnToPresent(): Promise<void> {
    return this.timeline.returnToPresent();
  }

  /**
   * Shows the message at once as pending; it is sent now, or when the connection returns. It
   * answers the message being replied to, if any.
   */
  send(body: string, files: OutgoingFile[] = []): void {
    const text = body.trim();
    if (!this.roomId || (text === '' && files.length === 0)) return;
    // What is sent shows at the live end: a view of older history goes back there.
    if (this.timeline.hasNewer()) void this.timeline.returnToPresent();
    const reply = this.replySignal();
    this.outbox.add(
      this.roomId,
      text,
      reply ? { id: reply.id, username: reply.username, body: reply.body } : undefined,
      files.map(({ id, name, size }) => ({ id, name, size })),
    );
    this.replySignal.set(null);
  }

  startReply(messageId: string): void {
    const message = this.find(messageId);
    if (!message || message.deletedAt) return;
    this.editingSignal.set(null);
    this.replySignal.set({
      id: message.id,
      seq: message.seq,
      username: message.sender.username,
      body: [...message.body].slice(0, 200).join(''),
    });
  }

  cancelReply(): void {
    this.replySignal.set(null);
  }

  /** Opens one of my messages for editing. */
  startEdit(messageId: string): void {
    const message = this.find(messageId);
    if (!message || message.deletedAt || message.sender.id !== this.auth.user()?.id) return;
    this.editingSignal.set(messageId);
  }

  /** Up arrow in an empty composer: edits my newest message that is not deleted. */
  editLast(): boolean {
    const myId = this.auth.user()?.id;
    const last = [...this.messages()].reverse().find((m) => m.sender.id === myId && !m.deletedAt);
    if (!last) return false;
    this.startEdit(last.id);
    return true;
  }

  cancelEdit(): void {
    this.editingSignal.set(null);
  }

  /**
   * Saves an edit (queued like a send when offline). An empty body is no edit, except for a
   * message with files, which may show its files alone (as a send may).
   */
  saveEdit(messageId: string, body: string): void {
    const text = body.trim();
    const message = this.find(messageId);
    this.editingSignal.set(null);
    if (!message || !this.roomId || text === message.body) return;
    if (text === '' && message.files.length === 0) return;
    const change = { kind: 'edit', roomId: this.roomId, messageId, body: text } as const;
    if (this.stored(messageId)?.body === text) this.outbox.withdraw(change);
    else this.outbox.change(change);
  }

  delete(messageId: string): void {
    if (!this.roomId || !this.find(messageId)) return;
    if (this.editingSignal() === messageId) this.editingSignal.set(null);
    if (this.replySignal()?.id === messageId) this.replySignal.set(null);
    this.outbox.change({ kind: 'delete', roomId: this.roomId, messageId });
  }

  /** Sets my reaction on when it is off, off when it is on (as the message shows now). */
  toggleReaction(messageId: string, emoji: string): void {
    const message = this.find(messageId);
    if (!this.roomId || !message || message.deletedAt) return;
    const myId = this.auth.user()?.id;
    const on = !hasReacted(message, emoji, myId);
    const change = { kind: 'react', roomId: this.roomId, messageId, emoji, on } as const;
    const stored = this.stored(messageId);
    if (stored && hasReacted(stored, emoji, myId) === on) this.outbox.withdraw(change);
    else this.outbox.change(change);
  }

  dismissChangeError(): void {
    this.changeErrorSignal.set('');
  }

  /**
   * Shows the message with this seq, highlighted for a moment: loading older history until
   * it is there when it is not on screen yet.
   */
  async jumpTo(seq: number): Promise<boolean> {
    const roomId = this.roomId;
    const isLoaded = await this.timeline.loadUntil(seq);
    if (!isLoaded || this.roomId !== roomId) return false;
    this.highlight(seq);
    return true;
  }

  /**
   * Makes sure the message with this seq is loaded, reading the page around it when it is not
   * (as for a search result, without leaving the room): the first unread of a long backlog is
   * one request away, not a page back at a time.
   */
  async loadAround(seq: number): Promise<void> {
    const roomId = this.roomId;
    if (!roomId || this.timeline.messages().some((m) => m.seq === seq)) return;
    try {
      await this.timeline.openAround(roomId, seq);
    } catch {
      // Offline: the bar stays, and the next click tries again.
    }
  }

  private highlight(seq: number): void {
    clearTimeout(this.highlightTimer);
    this.highlightSignal.set(seq);
    this.highlightTimer = setTimeout(() => this.highlightSignal.set(null), HIGHLIGHT_MS);
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
    const changed = reply.changed ?? [];
    this.timeline.applyChanged(changed);
    let lastChange = Math.max(this.lastChanges.get(roomId) ?? 0, ...changed.map((m) => m.version));
    this.noteChange(roomId, lastChange);
    // More was missed than one ack carries: page on until caught up.
    if (reply.hasMore) await this.timeline.catchUp(roomId);
    let isInStep = true;
    if (reply.changedHasMore) {
      // A failure leaves the change number where it was: the next rejoin reads on from there.
      lastChange = await this.timeline.catchUpChanges(roomId, lastChange).catch(() => {
        isInStep = false;
        return lastChange;
      });
    }
    if (this.roomId !== roomId) return;
    this.noteChange(roomId, lastChange);
    this.changesInStep = isInStep;
    this.loadState.set('ready');
    await this.outbox.flush();
  }

  private onMessageUpdated(message: Message): void {
    if (message.roomId !== this.roomId) return;
    this.timeline.applyChanged([message]);
    if (this.changesInStep) this.noteChange(message.roomId, message.version);
    if (message.deletedAt) {
      if (this.editingSignal() === message.id) this.editingSignal.set(null);
      if (this.replySignal()?.id === message.id) this.replySignal.set(null);
    }
  }

  private noteChange(roomId: string, version: number): void {
    if (version > (this.lastChanges.get(roomId) ?? 0)) this.lastChanges.set(roomId, version);
  }

  /** A message as shown, with my pending changes. */
  private find(messageId: string): Message | undefined {
    return this.messages().find((m) => m.id === messageId);
  }

  /** A message as the server last said it is. */
  private stored(messageId: string): Message | undefined {
    return this.timeline.messages().find((m) => m.id === messageId);
  }

  private onMessage(message: Message): void {
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

  private onUserUpdated(user: User): void {
    this.timeline.renameUser(user);
    this.presence.refresh(user);
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
