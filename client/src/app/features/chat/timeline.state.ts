import type { HttpClient } from '@angular/common/http';
import { computed, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Message, MessagePage } from '../../core/api/api-types';
import { mergeBySeq } from './message-timeline';

const PAGE_SIZE = 50;
/** The largest page the server gives: catching up goes as fast as it allows. */
const CATCH_UP_PAGE_SIZE = 100;

/**
 * The open room's stored messages, kept by seq, so live events, catch-ups after a reconnect
 * and older pages merge without duplicates or holes. Part of ChatStore, which owns the room.
 */
export class TimelineState {
  private readonly list = signal<Message[]>([]);
  private readonly olderState = signal({ hasMore: false, isLoading: false });

  readonly messages = this.list.asReadonly();
  readonly hasOlder = computed(() => this.olderState().hasMore);
  readonly isLoadingOlder = computed(() => this.olderState().isLoading);

  private roomId: string | null = null;
  private isFillingHole = false;

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

  close(): void {
    this.roomId = null;
    this.list.set([]);
    this.olderState.set({ hasMore: false, isLoading: false });
  }

  async loadOlder(): Promise<void> {
    const roomId = this.roomId;
    const oldest = this.list()[0];
    if (!roomId || !oldest || !this.hasOlder() || this.isLoadingOlder()) return;
    this.olderState.set({ hasMore: true, isLoading: true });
    try {
      const page = await this.page(roomId, { before: oldest.seq });
      if (this.roomId !== roomId) return;
      this.list.update((list) => mergeBySeq(list, page.messages));
      this.olderState.set({ hasMore: page.hasMore, isLoading: false });
    } catch {
      this.olderState.set({ hasMore: true, isLoading: false });
    }
  }

  add(messages: Message[]): void {
    this.list.update((list) => mergeBySeq(list, messages));
    this.onAdded(messages);
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
    if (this.isFillingHole) return;
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
    let hasMore = true;
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
