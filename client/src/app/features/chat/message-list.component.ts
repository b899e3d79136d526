import {
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
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
  readonly retry = output<string>();
  readonly discard = output<string>();
  readonly canModerate = input(false);
  readonly editingId = input<string | null>(null);
  readonly changingIds = input<ReadonlySet<string>>(new Set());
  readonly highlightedSeq = input<number | null>(null);
  readonly names = input<ReadonlyMap<string, string>>(new Map());
  readonly act = output<MessageAction>();

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

  private isAtBottom = true;
  private previous: ScrollSnapshot = {
    firstSeq: undefined,
    lastSeq: undefined,
    unconfirmed: 0,
    scrollHeight: 0,
  };

  constructor() {
    // Runs after each render that changed the list: keeps the reader's place.
    afterRenderEffect(() => {
      this.keepPlace(this.messages(), this.unconfirmed().length);
    });
    // After keepPlace: a message jumped to is scrolled into the middle of the view.
    afterRenderEffect(() => {
      const seq = this.highlightedSeq();
      if (seq === null) return;
      const row = this.viewport().nativeElement.querySelector(`[data-seq="${seq}"]`);
      row?.scrollIntoView({ block: 'center' });
    });
  }

  protected onScroll(): void {
    const element = this.viewport().nativeElement;
    this.isAtBottom =
      element.scrollHeight - element.scrollTop - element.clientHeight < STICK_THRESHOLD_PX;
    if (this.isAtBottom) this.newCount.set(0);
    if (element.scrollTop < LOAD_OLDER_THRESHOLD_PX && this.hasOlder() && !this.isLoadingOlder()) {
      this.loadOlder.emit();
    }
  }

  protected jumpToNewest(): void {
    this.scrollToBottom();
    this.newCount.set(0);
  }

  private keepPlace(messages: Message[], unconfirmed: number): void {
    const element = this.viewport().nativeElement;
    const before = this.previous;
    const firstSeq = messages[0]?.seq;
    const lastSeq = messages.at(-1)?.seq;
    this.previous = { firstSeq, lastSeq, unconfirmed, scrollHeight: element.scrollHeight };

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
