import {
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  ElementRef,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import type { Message } from '../../core/api/api-types';
import { MessageAction, MessageItemComponent } from './message-item.component';
import { dayDivider, startsGroup } from './message-timeline';
import type { OutgoingMessage } from './outbox';

/** Closer than this to the bottom counts as "at the bottom": new messages keep it there. */
const STICK_THRESHOLD_PX = 48;
/** Closer than this to the top starts loading older messages. */
const LOAD_OLDER_THRESHOLD_PX = 200;

interface ScrollSnapshot {
  /** Newer history was still to load (after a jump): messages added below were paged in. */
  hadNewer: boolean;
  firstSeq: number | undefined;
  lastSeq: number | undefined;
  unconfirmed: number;
  scrollHeight: number;
}

@Component({
  selector: 'app-message-list',
  imports: [MessageItemComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './message-list.component.html',
  styleUrl: './message-list.component.scss',
})
export class MessageListComponent {
  readonly messages = input.required<Message[]>();
  readonly unconfirmed = input<OutgoingMessage[]>([]);
  readonly hasOlder = input(false);
  readonly isLoadingOlder = input(false);
  readonly isLoading = input(false);
  readonly myId = input<string | undefined>();
  readonly myName = input('');
  readonly loadOlder = output<void>();
  readonly hasNewer = input(false);
  readonly isLoadingNewer = input(false);
  readonly loadNewer = output<void>();
  readonly returnToPresent = output<void>();
  readonly retry = output<string>();
  readonly discard = output<string>();
  readonly canModerate = input(false);
  readonly editingId = input<string | null>(null);
  readonly changingIds = input<ReadonlySet<string>>(new Set());
  readonly highlightedSeq = input<number | null>(null);
  readonly names = input<ReadonlyMap<string, string>>(new Map());
  readonly act = output<MessageAction>();
  /** The read marker when the room was opened: "New messages" goes above the first after it. */
  readonly unreadAfterSeq = input<number | null>(null);
  /** The highest seq on screen while the tab is visible (for the read marker). */
  readonly seen = output<number>();
  /** Unread messages when the room was opened: with the first above the view, a bar offers "Jump". */
  readonly unreadCount = input(0);
  /** The first unread seq is not loaded: the parent loads the history around it. */
  readonly showFirstUnread = output<number>();
  readonly markRead = output<void>();

  private readonly viewport = viewChild.required<ElementRef<HTMLElement>>('viewport');
  /** Messages that arrived while the reader was scrolled up. */
  protected readonly newCount = signal(0);
  protected readonly rows = computed(() =>
    this.messages().map((message, i, all) => ({
      message,
      startsGroup: startsGroup(all[i - 1], message),
      day: dayDivider(all[i - 1], message),
    })),
  );

  protected readonly firstUnreadSeq = computed(() => {
    const after = this.unreadAfterSeq();
    const messages = this.messages();
    if (after === null) return null;
    // The unread start further back than what is loaded: no divider above the wrong message.
    if (messages.length > 0 && messages[0].seq > after + 1 && this.hasOlder()) return null;
    return messages.find((m) => m.seq > after && m.sender.id !== this.myId())?.seq ?? null;
  });
  /** The first unread message is above the view (or not loaded yet, further back). */
  private readonly isUnreadAbove = signal(false);
  protected readonly showUnreadBar = computed(
    () => this.unreadCount() > 0 && this.unreadAfterSeq() !== null && this.isUnreadAbove(),
  );
  /** A jump is loading the first unread: once it shows, it goes to the top of the view. */
  private isGoingToUnread = false;

  /** Rows on screen now, by seq (IntersectionObserver). */
  private readonly onScreen = new Map<number, Element>();
  private observer?: IntersectionObserver;
  private readonly observed = new WeakSet<Element>();

  private isAtBottom = true;
  private previous: ScrollSnapshot = {
    hadNewer: false,
    firstSeq: undefined,
    lastSeq: undefined,
    unconfirmed: 0,
    scrollHeight: 0,
  };

  constructor() {
    // Runs after each render that changed the list: keeps the reader's place.
    afterRenderEffect(() => {
      this.keepPlace(this.messages(), this.unconfirmed().length, this.hasNewer());
    });
    afterRenderEffect(() => {
      this.messages();
      this.observeRows();
    });
    const onVisibility = () => this.reportSeen();
    document.addEventListener('visibilitychange', onVisibility);
    inject(DestroyRef).onDestroy(() => {
      document.removeEventListener('visibilitychange', onVisibility);
      this.observer?.disconnect();
    });
    // After keepPlace: where the unread start, once they are loaded, and whether they are above.
    afterRenderEffect(() => {
      this.messages();
      this.unreadAfterSeq();
      if (this.isGoingToUnread && this.scrollToUnread()) this.isGoingToUnread = false;
      this.checkUnreadAbove();
    });
    // After keepPlace: a message jumped to is scrolled into the middle of the view.
    afterRenderEffect(() => {
      const seq = this.highlightedSeq();
      if (seq === null) return;
      const row = this.viewport().nativeElement.querySelector(`[data-seq="${seq}"]`);
      row?.scrollIntoView({ block: 'center' });
    });
  }

  /** "Jump": to the "New messages" divider, loading the history around it first if need be. */
  protected goToFirstUnread(): void {
    if (this.scrollToUnread()) return;
    const after = this.unreadAfterSeq();
    if (after === null) return;
    this.isGoingToUnread = true;
    this.showFirstUnread.emit(after + 1);
  }

  /** Puts the divider at the top of the view; false when it is not loaded. */
  private scrollToUnread(): boolean {
    const divider = this.viewport().nativeElement.querySelector('.unread-divider');
    if (!divider) return false;
    divider.scrollIntoView({ block: 'start' });
    this.checkUnreadAbove();
    return true;
  }

  private checkUnreadAbove(): void {
    const after = this.unreadAfterSeq();
    const first = this.messages()[0];
    if (after === null || !first) return this.isUnreadAbove.set(false);
    const viewport = this.viewport().nativeElement;
    const divider = viewport.querySelector('.unread-divider');
    if (!divider) return this.isUnreadAbove.set(first.seq > after + 1 && this.hasOlder());
    const top = viewport.getBoundingClientRect().top;
    this.isUnreadAbove.set(divider.getBoundingClientRect().bottom <= top + 1);
  }

  protected onScroll(): void {
    this.checkUnreadAbove();
    const element = this.viewport().nativeElement;
    this.isAtBottom =
      element.scrollHeight - element.scrollTop - element.clientHeight < STICK_THRESHOLD_PX;
    if (this.isAtBottom) this.newCount.set(0);
    if (element.scrollTop < LOAD_OLDER_THRESHOLD_PX && this.hasOlder() && !this.isLoadingOlder()) {
      this.loadOlder.emit();
    }
    const fromBottom = element.scrollHeight - element.scrollTop - element.clientHeight;
    if (fromBottom < LOAD_OLDER_THRESHOLD_PX && this.hasNewer() && !this.isLoadingNewer()) {
      this.loadNewer.emit();
    }
  }

  /** Watches every message row that came in since the last render. */
  private observeRows(): void {
    if (typeof IntersectionObserver === 'undefined') return;
    const viewport = this.viewport().nativeElement;
    this.observer ??= new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const seq = Number((entry.target as HTMLElement).dataset['seq']);
          if (entry.isIntersecting) this.onScreen.set(seq, entry.target);
          else this.onScreen.delete(seq);
        }
        this.reportSeen();
      },
      { root: viewport, threshold: 0.5 },
    );
    for (const row of viewport.querySelectorAll('[data-seq]')) {
      if (this.observed.has(row)) continue;
      this.observed.add(row);
      this.observer.observe(row);
    }
  }

  /** Only what a person could see counts: a hidden tab reads nothing. */
  private reportSeen(): void {
    if (document.visibilityState !== 'visible') return;
    let highest = 0;
    for (const [seq, row] of this.onScreen) {
      if (!row.isConnected) this.onScreen.delete(seq);
      else if (seq > highest) highest = seq;
    }
    if (highest > 0) this.seen.emit(highest);
  }

  protected jumpToNewest(): void {
    this.scrollToBottom();
    this.newCount.set(0);
  }

  private keepPlace(messages: Message[], unconfirmed: number, hasNewer: boolean): void {
    const element = this.viewport().nativeElement;
    const before = this.previous;
    const firstSeq = messages[0]?.seq;
    const lastSeq = messages.at(-1)?.seq;
    this.previous = {
      hadNewer: hasNewer,
      firstSeq,
      lastSeq,
      unconfirmed,
      scrollHeight: element.scrollHeight,
    };

    const isFirstPage = before.lastSeq === undefined;
    const gotOlder =
      firstSeq !== undefined && before.firstSeq !== undefined && firstSeq < before.firstSeq;
    const newArrivals = messages.filter(
      (m) => before.lastSeq !== undefined && m.seq > before.lastSeq,
    );
    const iSentSomething = unconfirmed > before.unconfirmed;

    if (gotOlder) {
      // Older messages went in above: move down by their height so the view does not jump.
      element.scrollTop += element.scrollHeight - before.scrollHeight;
    }
    // Back from a jump into history to the newest page: show its end.
    const isBackAtPresent = before.hadNewer && !hasNewer && firstSeq !== before.firstSeq;
    if (isBackAtPresent && !gotOlder) return this.scrollToBottom();
    // Below a jump into history, messages added at the end are the next page, read on request.
    if (before.hadNewer && !isFirstPage && !iSentSomething) return;
    if (isFirstPage || iSentSomething || (newArrivals.length > 0 && this.isAtBottom)) {
      this.scrollToBottom();
    } else if (newArrivals.length > 0) {
      const fromOthers = newArrivals.filter((m) => m.sender.id !== this.myId()).length;
      this.newCount.update((count) => count + fromOthers);
    }
  }

  private scrollToBottom(): void {
    const element = this.viewport().nativeElement;
    element.scrollTop = element.scrollHeight;
    this.isAtBottom = true;
  }
}
