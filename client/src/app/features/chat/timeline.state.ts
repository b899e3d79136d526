import type { HttpClient } from '@angular/common/http';
import { computed, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Message, MessagePage, UserRef } from '../../core/api/api-types';
import { tombstone } from './message-changes';
import { applyChanged, isNewer, mergeBySeq } from './message-timeline';

const PAGE_SIZE = 50;
/** The largest page the server gives: catching up goes as fast as it allows. */
const CATCH_UP_PAGE_SIZE = 100;
/** Changes to messages not loaded yet kept for when they are; past this many, the oldest go. */
const MAX_AHEAD = 500;
/** Live messages kept while the view is away from the live end; past this many, a hole is filled later. */
const MAX_HELD_LIVE = 500;

/** A page read `?around=SEQ` (jumping to a message). */
interface AroundPage extends MessagePage {
  hasMoreBefore: boolean;
  hasMoreAfter: boolean;
}

/**
 * The open room's stored messages, kept by seq, so live events, catch-ups after a reconnect
 * and older pages merge without duplicates or holes. Part of ChatStore, which owns the room.
 */
export class TimelineState {
  private readonly list = signal<Message[]>([]);
  private readonly olderState = signal({ hasMore: false, isLoading: false });
  /** After a jump into history: newer messages exist that are not loaded yet. */
  private readonly newerState = signal({ hasMore: false, isLoading: false });

  readonly messages = this.list.asReadonly();
  readonly hasOlder = computed(() => this.olderState().hasMore);
  readonly isLoadingOlder = computed(() => this.olderState().isLoading);
  readonly hasNewer = computed(() => this.newerState().hasMore);
  readonly isLoadingNewer = computed(() => this.newerState().isLoading);

  private roomId: string | null = null;
  private isFillingHole = false;
  /**
   * Changed messages newer than the newest held, by id: a page of history in flight may have
   * been read before the change, so whichever of the two is newer is what shows.
   */
  private ahead = new Map<string, Message>();
  /**
   * Live messages (and catch-up) that arrived while newer history was still to be loaded, by
   * seq: they join the list once paging forward meets the live end, so none is lost between
   * the last page read and the moment the view is back in step.
   */
  private heldLive = new Map<number, Message>();

  /**
   * @param http fetches pages of history over REST.
   * @param onAdded hears of messages that arrived live, in an ack or in a catch-up, so the
   *   outbox can settle what the server confirmed.
   */
  constructor(
    private readonly http: HttpClient,
    private readonly onAdded: (messages: Message[]) => void,
  ) {}

  /** Loads the newest page of a room; throws what the request threw. */
  async open(roomId: string): Promise<void> {
    this.roomId = roomId;
    const page = await this.page(roomId, {});
    if (this.roomId !== roomId) return;
    this.list.update((list) => mergeBySeq(list, page.messages));
    this.olderState.set({ hasMore: page.hasMore, isLoading: false });
  }

  /**
   * Leaves a jump into history for the newest page (when sending, or on request): what was
   * held from the live end joins it.
   */
  async returnToPresent(): Promise<void> {
    const roomId = this.roomId;
    if (!roomId || !this.hasNewer()) return;
    const page = await this.page(roomId, {});
    if (this.roomId !== roomId || !this.hasNewer()) return;
    this.list.set(
      mergeBySeq(
        [],
        page.messages.map((m) => this.newestOf(m)),
      ),
    );
    this.olderState.set({ hasMore: page.hasMore, isLoading: false });
    this.newerState.set({ hasMore: false, isLoading: false });
    this.rejoinLive(roomId);
  }

  /**
   * Loads the page around one seq (jumping to a message): older and newer history both load
   * on demand from there, until the newer side meets the live end.
   */
  async openAround(roomId: string, seq: number): Promise<void> {
    this.roomId = roomId;
    const params = { around: seq, limit: PAGE_SIZE };
    const page = await firstValueFrom(
      this.http.get<AroundPage>(`/api/rooms/${roomId}/messages`, { params }),
    );
    if (this.roomId !== roomId) return;
    this.heldLive.clear();
    this.list.set(mergeBySeq([], page.messages));
    this.olderState.set({ hasMore: page.hasMoreBefore, isLoading: false });
    this.newerState.set({ hasMore: page.hasMoreAfter, isLoading: false });
  }

  close(): void {
    this.roomId = null;
    this.ahead.clear();
    this.heldLive.clear();
    this.list.set([]);
    this.olderState.set({ hasMore: false, isLoading: false });
    this.newerState.set({ hasMore: false, isLoading: false });
  }

  /**
   * The next page of newer history after a jump; once the server has no more, the live
   * messages held meanwhile join and the view is back in step.
   */
  async loadNewer(): Promise<void> {
    const roomId = this.roomId;
    const newest = this.list().at(-1);
    if (!roomId || !newest || !this.hasNewer() || this.isLoadingNewer()) return;
    this.newerState.set({ hasMore: true, isLoading: true });
    try {
      const page = await this.page(roomId, { after: newest.seq });
      if (this.roomId !== roomId) return;
      const fresh = page.messages.map((m) => this.newestOf(m));
      this.list.update((list) => mergeBySeq(list, fresh));
      this.newerState.set({ hasMore: page.hasMore, isLoading: false });
      if (!page.hasMore) this.rejoinLive(roomId);
    } catch {
      this.newerState.set({ hasMore: true, isLoading: false });
    }
  }

  /** Back in step with the live end: what arrived meanwhile joins, and any hole is filled. */
  private rejoinLive(roomId: string): void {
    const held = [...this.heldLive.values()];
    this.heldLive.clear();
    this.add(held);
    if (this.lastSeq() !== this.list().at(-1)?.seq) void this.fillHole(roomId);
  }

  async loadOlder(limit = PAGE_SIZE): Promise<void> {
    const roomId = this.roomId;
    const oldest = this.list()[0];
    if (!roomId || !oldest || !this.hasOlder() || this.isLoadingOlder()) return;
    this.olderState.set({ hasMore: true, isLoading: true });
    try {
      const page = await this.page(roomId, { before: oldest.seq, limit });
      if (this.roomId !== roomId) return;
      this.list.update((list) => mergeBySeq(list, page.messages));
      this.olderState.set({ hasMore: page.hasMore, isLoading: false });
    } catch {
      this.olderState.set({ hasMore: true, isLoading: false });
    }
  }

  /**
   * Pages back until the message with this seq is loaded (or the room's start is reached);
   * true when it is loaded.
   */
  async loadUntil(seq: number): Promise<boolean> {
    for (;;) {
      const oldest = this.list()[0];
      if (oldest && oldest.seq <= seq) return this.list().some((m) => m.seq === seq);
      if (!this.hasOlder()) return false;
      if (this.isLoadingOlder()) return false;
      const before = oldest?.seq;
      await this.loadOlder(CATCH_UP_PAGE_SIZE);
      if (this.list()[0]?.seq === before) return false; // the page failed
    }
  }

  /** A user's new name or avatar, on every message they sent or that quotes them. */
  renameUser(user: UserRef): void {
    const card = (sender: UserRef) =>
      sender.id === user.id
        ? { ...sender, displayName: user.displayName, avatarUrl: user.avatarUrl }
        : sender;
    this.list.update((list) =>
      list.map((message) =>
        message.sender.id !== user.id && message.replyTo?.sender.id !== user.id
          ? message
          : {
              ...message,
              sender: card(message.sender),
              replyTo: message.replyTo && {
                ...message.replyTo,
                sender: card(message.replyTo.sender),
              },
            },
      ),
    );
  }

  add(messages: Message[]): void {
    if (this.hasNewer()) messages = this.holdLive(messages);
    const fresh = messages.map((m) => this.newestOf(m));
    this.list.update((list) => mergeBySeq(list, fresh));
    this.onAdded(fresh);
  }

  /** Away from the live end, messages past the newest loaded wait in heldLive; returns the rest. */
  private holdLive(messages: Message[]): Message[] {
    const newest = this.list().at(-1)?.seq ?? 0;
    for (const message of messages) {
      if (message.seq <= newest) continue;
      this.heldLive.set(message.seq, message);
      if (this.heldLive.size > MAX_HELD_LIVE) {
        this.heldLive.delete(this.heldLive.keys().next().value!);
      }
    }
    return messages.filter((m) => m.seq <= newest);
  }

  /** Applies changed messages by version: repeats and older copies change nothing. */
  applyChanged(messages: Message[]): void {
    const newest = this.list().at(-1)?.seq ?? 0;
    for (const message of messages) {
      if (message.seq <= newest) continue;
      const held = this.ahead.get(message.id);
      if (!held || isNewer(message, held)) this.ahead.set(message.id, message);
      if (this.ahead.size > MAX_AHEAD) this.ahead.delete(this.ahead.keys().next().value!);
    }
    this.list.update((list) => applyChanged(list, messages));
  }

  /**
   * Shows a message deleted at once, at its held version: the server's own tombstone (a
   * higher version) replaces it when it arrives.
   */
  markDeleted(messageId: string): void {
    this.list.update((list) =>
      list.map((m) =>
        m.id === messageId && !m.deletedAt ? tombstone(m, new Date().toISOString()) : m,
      ),
    );
  }

  /**
   * Pages through `GET /api/rooms/:id/changes?after=` from `after` while the server has more;
   * returns the highest version read (or `after`).
   */
  async catchUpChanges(roomId: string, after: number): Promise<number> {
    let cursor = after;
    let hasMore = true;
    while (hasMore && this.roomId === roomId) {
      const page = await firstValueFrom(
        this.http.get<MessagePage>(`/api/rooms/${roomId}/changes`, {
          params: { after: cursor, limit: CATCH_UP_PAGE_SIZE },
        }),
      );
      if (this.roomId !== roomId) break;
      this.applyChanged(page.messages);
      cursor = Math.max(cursor, ...page.messages.map((m) => m.version));
      hasMore = page.hasMore && page.messages.length > 0;
    }
    return cursor;
  }

  private newestOf(message: Message): Message {
    const changed = this.ahead.get(message.id);
    if (!changed) return message;
    this.ahead.delete(message.id);
    return isNewer(changed, message) ? changed : message;
  }

  /**
   * The seq up to which this client holds everything (from its oldest loaded message on):
   * catching up from here, rather than from the newest seq held, also fills any hole.
   */
  lastSeq(): number {
    const list = this.list();
    for (let i = 0; i < list.length - 1; i++) {
      if (list[i + 1].seq !== list[i].seq + 1) return list[i].seq;
    }
    return list.at(-1)?.seq ?? 0;
  }

  /** Seqs have no gaps, so a hole means something was missed: fetch it over REST. */
  async fillHole(roomId: string): Promise<void> {
    if (this.isFillingHole || this.hasNewer()) return;
    this.isFillingHole = true;
    try {
      await this.catchUp(roomId, () => this.lastSeq() !== this.list().at(-1)?.seq);
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
  async catchUp(roomId: string, shouldGoOn: () => boolean = () => true): Promise<void> {
    // Away from the live end, newer history loads as the reader scrolls (loadNewer).
    let hasMore = !this.hasNewer();
    while (hasMore && this.roomId === roomId && shouldGoOn()) {
      const page = await this.page(roomId, { after: this.lastSeq(), limit: CATCH_UP_PAGE_SIZE });
      this.add(page.messages);
      hasMore = page.hasMore;
    }
  }

  private page(
    roomId: string,
    cursor: { before?: number; after?: number; limit?: number },
  ): Promise<MessagePage> {
    const params = { limit: PAGE_SIZE, ...cursor };
    return firstValueFrom(this.http.get<MessagePage>(`/api/rooms/${roomId}/messages`, { params }));
  }
}
