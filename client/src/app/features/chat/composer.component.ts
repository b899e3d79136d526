import { ChangeDetectionStrategy, Component, computed, output, signal } from '@angular/core';

export const MAX_MESSAGE_LENGTH = 4000;
/** The counter shows from here on, so it is there before the limit bites. */
const COUNTER_FROM = 3500;
/** While typing goes on, `typing: true` is repeated this often (the server lapses it at 5 s). */
const TYPING_REFRESH_MS = 3000;

@Component({
  selector: 'app-composer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="composer" (submit)="$event.preventDefault(); submit()">
      <label class="visually-hidden" for="composer-input">Message</label>
      <textarea
        id="composer-input"
        rows="1"
        placeholder="Write a message…"
        aria-describedby="composer-help composer-counter"
        [value]="text()"
        (input)="onInput($event)"
        (keydown)="onKeydown($event)"
        (blur)="stopTyping()"
      ></textarea>
      <span id="composer-help" class="visually-hidden"
        >Enter sends, Shift+Enter starts a new line.</span
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

  protected readonly maxLength = MAX_MESSAGE_LENGTH;
  protected readonly counterFrom = COUNTER_FROM;
  protected readonly text = signal('');
  /** In code points, as the server counts. */
  protected readonly length = computed(() => [...this.text().trim()].length);
  protected readonly isTooLong = computed(() => this.length() > MAX_MESSAGE_LENGTH);
  protected readonly canSend = computed(() => this.length() > 0 && !this.isTooLong());

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
    // Enter sends; Shift+Enter is a new line; Enter that confirms an IME composition is neither.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    this.submit();
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
