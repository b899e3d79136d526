import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { AttachButtonComponent, AttachmentListComponent } from '../files/attachment-list.component';
import { AttachmentsStore } from '../files/attachments.store';
import type { ReplyDraft } from './chat.store';

export const MAX_MESSAGE_LENGTH = 4000;
/** The counter shows from here on, so it is there before the limit bites. */
const COUNTER_FROM = 3500;
/** While typing goes on, `typing: true` is repeated this often (the server lapses it at 5 s). */
const TYPING_REFRESH_MS = 3000;

@Component({
  selector: 'app-composer',
  imports: [AttachmentListComponent, AttachButtonComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (replyingTo(); as reply) {
      <div class="replying" id="composer-reply">
        <span class="replying-text"
          >Replying to <strong>{{ reply.username }}</strong>:
          <span class="preview">{{ reply.body }}</span></span
        >
        <button
          type="button"
          class="cancel-reply"
          aria-label="Cancel the reply"
          title="Cancel the reply (Escape)"
          (click)="cancelReply.emit()"
        >
          ✕
        </button>
      </div>
    }
    @if (attachments) {
      <app-attachment-list />
    }
    <form class="composer" (submit)="$event.preventDefault(); submit()">
      @if (attachments) {
        <app-attach-button />
      }
      <label class="visually-hidden" for="composer-input">Message</label>
      <textarea
        id="composer-input"
        rows="1"
        placeholder="Write a message…"
        [attr.aria-describedby]="
          replyingTo()
            ? 'composer-reply composer-help composer-counter'
            : 'composer-help composer-counter'
        "
        [value]="text()"
        (input)="onInput($event)"
        (keydown)="onKeydown($event)"
        (paste)="onPaste($event)"
        (blur)="stopTyping()"
      ></textarea>
      <span id="composer-help" class="visually-hidden"
        >Enter sends, Shift+Enter starts a new line, Up arrow edits your last message.</span
      >
      @if (length() >= counterFrom) {
        <span id="composer-counter" class="counter" [class.over]="isTooLong()" aria-live="polite">
          {{ length() }} / {{ maxLength }}
        </span>
      }
      <button type="submit" class="button" [disabled]="!canSend()">Send</button>
    </form>
  `,
  styles: `
    .replying {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      margin: 0 1rem;
      padding: 0.3rem 0.6rem;
      border-left: 3px solid var(--accent);
      background: var(--accent-soft);
      border-radius: 0 6px 6px 0;
      font-size: 0.85rem;
    }
    .replying-text {
      flex: 1;
      min-width: 0;
      overflow: hidden;
      white-space: nowrap;
      text-overflow: ellipsis;
    }
    .cancel-reply {
      border: none;
      background: none;
      color: var(--text);
      font: inherit;
      cursor: pointer;
      padding: 0.1rem 0.4rem;
      border-radius: 6px;
    }
    .cancel-reply:hover {
      background: var(--hover);
    }
    .composer {
      display: flex;
      align-items: flex-end;
      gap: 0.5rem;
      padding: 0.5rem 1rem 1rem;
    }
    textarea {
      flex: 1;
      resize: none;
      max-height: 12rem;
      field-sizing: content;
      min-height: 2.5rem;
    }
    .counter {
      align-self: center;
      color: var(--muted);
      font-size: 0.8rem;
      font-variant-numeric: tabular-nums;
    }
    .counter.over {
      color: var(--danger);
      font-weight: 600;
    }
  `,
})
export class ComposerComponent {
  readonly send = output<string>();
  readonly typing = output<boolean>();
  /** The message the next one answers, shown above the field. */
  readonly replyingTo = input<ReplyDraft | null>(null);
  readonly cancelReply = output<void>();
  /** Up arrow in an empty field: edit my last message. */
  readonly editLast = output<void>();

  protected readonly maxLength = MAX_MESSAGE_LENGTH;
  protected readonly counterFrom = COUNTER_FROM;
  protected readonly text = signal('');
  /** In code points, as the server counts. */
  protected readonly length = computed(() => [...this.text().trim()].length);
  protected readonly isTooLong = computed(() => this.length() > MAX_MESSAGE_LENGTH);
  /** Files of the next message; absent where no room provides them (unit tests of the composer). */
  protected readonly attachments = inject(AttachmentsStore, { optional: true });
  protected readonly canSend = computed(() => {
    if (this.isTooLong() || this.attachments?.isUploading()) return false;
    return this.length() > 0 || (this.attachments?.ready().length ?? 0) > 0;
  });

  private lastTypingSentAt = 0;

  protected onInput(event: Event): void {
    const text = (event.target as HTMLTextAreaElement).value;
    this.text.set(text);
    if (text.trim() === '') return this.stopTyping();
    if (Date.now() - this.lastTypingSentAt > TYPING_REFRESH_MS) {
      this.lastTypingSentAt = Date.now();
      this.typing.emit(true);
    }
  }

  protected onKeydown(event: KeyboardEvent): void {
    if (event.key === 'ArrowUp' && this.text() === '' && !event.shiftKey && !event.altKey) {
      event.preventDefault();
      this.editLast.emit();
      return;
    }
    if (event.key === 'Escape' && this.replyingTo()) {
      event.preventDefault();
      this.cancelReply.emit();
      return;
    }
    // Enter sends; Shift+Enter is a new line; Enter that confirms an IME composition is neither.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    this.submit();
  }

  /** A pasted image (a screenshot) is attached; pasted text goes into the field as usual. */
  protected onPaste(event: ClipboardEvent): void {
    const files = [...(event.clipboardData?.files ?? [])];
    if (!this.attachments || files.length === 0) return;
    if (!event.clipboardData?.getData('text/plain')) event.preventDefault();
    this.attachments.add(files);
  }

  protected submit(): void {
    if (!this.canSend()) return;
    this.send.emit(this.text());
    this.text.set('');
    this.stopTyping();
  }

  protected stopTyping(): void {
    if (this.lastTypingSentAt === 0) return;
    this.lastTypingSentAt = 0;
    this.typing.emit(false);
  }
}
