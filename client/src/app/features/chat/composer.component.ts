import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import {
  Completion,
  type CompletionOption,
  type CompletionSource,
} from '../../shared/completion/completion';
import { EMOJI_COMPLETION, replaceShortcodeAt } from '../../shared/completion/emoji-completion';
import { mentionQueryAt } from '../attention/mention-query';
import { MentionSuggestionsService } from '../attention/mention-suggestions.service';
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
      @if (completion.source(); as source) {
        @if (completion.options().length > 0) {
          <ul
            class="suggestions"
            [id]="source.id + '-suggestions'"
            role="listbox"
            [attr.aria-label]="source.label"
          >
            @for (option of completion.options(); track option.key; let i = $index) {
              <li
                role="option"
                [id]="source.id + '-option-' + i"
                [attr.aria-selected]="i === completion.active()"
                [class.active]="i === completion.active()"
                (mousedown)="$event.preventDefault(); pick(option)"
              >
                @if (option.icon) {
                  <span class="icon">{{ option.icon }}</span>
                }
                {{ option.label }}
              </li>
            }
          </ul>
        }
      }
      <textarea
        #field
        id="composer-input"
        rows="1"
        role="combobox"
        aria-autocomplete="list"
        [attr.aria-expanded]="completion.isOpen()"
        [attr.aria-controls]="completion.isOpen() ? completion.source()?.id + '-suggestions' : null"
        [attr.aria-activedescendant]="
          completion.isOpen() ? completion.source()?.id + '-option-' + completion.active() : null
        "
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
        (blur)="stopTyping(); completion.close()"
      ></textarea>
      <span id="composer-help" class="visually-hidden"
        >Enter sends, Shift+Enter starts a new line, Up arrow edits your last message. &#64;
        completes a name, a colon and two letters an emoji.</span
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
      position: relative;
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
    .suggestions {
      position: absolute;
      left: 1rem;
      bottom: calc(100% - 0.25rem);
      margin: 0;
      padding: 0.25rem;
      list-style: none;
      background: var(--bg, #fff);
      border: 1px solid var(--border);
      border-radius: 8px;
      box-shadow: 0 4px 16px rgb(0 0 0 / 15%);
      min-width: 12rem;
      z-index: 5;
    }
    .suggestions li {
      padding: 0.3rem 0.6rem;
      border-radius: 6px;
      cursor: pointer;
    }
    .suggestions .icon {
      display: inline-block;
      width: 1.5em;
    }
    .suggestions li.active {
      background: var(--accent-soft);
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
  /** The room whose members `@` suggests. */
  readonly roomId = input<string | null>(null);
  readonly myId = input<string | undefined>();

  private readonly mentions = inject(MentionSuggestionsService);
  private readonly field = viewChild<ElementRef<HTMLTextAreaElement>>('field');
  /** `@` + a name from the room's members. */
  private readonly mentionSource: CompletionSource = {
    id: 'mention',
    label: 'People to mention',
    queryAt: (text, caret) => (this.roomId() ? mentionQueryAt(text, caret) : null),
    suggest: async (prefix) => {
      const roomId = this.roomId();
      const users = roomId ? await this.mentions.suggest(roomId, prefix, this.myId()) : [];
      return users.map((user) => ({
        key: user.id,
        label: `@${user.username}`,
        insert: `@${user.username} `,
      }));
    },
  };
  protected readonly completion = new Completion(() => [this.mentionSource, EMOJI_COMPLETION]);

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
    const field = event.target as HTMLTextAreaElement;
    // A whole `:shortcode:` becomes its emoji as its closing colon is typed (not on send, so
    // what is sent is what was seen; a shortcode pasted or typed in code stays as it is).
    const replaced =
      (event as InputEvent).data === ':'
        ? replaceShortcodeAt(field.value, field.selectionStart ?? field.value.length)
        : null;
    if (replaced) this.setField(field, replaced);
    const text = field.value;
    this.text.set(text);
    this.completion.update(text, field.selectionStart ?? text.length);
    if (text.trim() === '') return this.stopTyping();
    if (Date.now() - this.lastTypingSentAt > TYPING_REFRESH_MS) {
      this.lastTypingSentAt = Date.now();
      this.typing.emit(true);
    }
  }

  protected onKeydown(event: KeyboardEvent): void {
    const listKey = this.completion.onKey(event);
    if (listKey === 'pick') return this.pick();
    if (listKey !== 'none') return;
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
    this.completion.close();
    this.stopTyping();
  }

  protected pick(option?: CompletionOption): void {
    const field = this.field()?.nativeElement;
    if (!field) return;
    const done = this.completion.pick(
      this.text(),
      field.selectionStart ?? this.text().length,
      option,
    );
    if (!done) return;
    this.setField(field, done);
    this.text.set(done.text);
  }

  private setField(field: HTMLTextAreaElement, { text, caret }: { text: string; caret: number }) {
    field.value = text;
    field.setSelectionRange(caret, caret);
  }

  protected stopTyping(): void {
    if (this.lastTypingSentAt === 0) return;
    this.lastTypingSentAt = 0;
    this.typing.emit(false);
  }
}
