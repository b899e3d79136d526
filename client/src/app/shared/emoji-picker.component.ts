import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { EMOJI, searchEmoji } from './emoji-list';

let nextId = 0;

/**
 * A small emoji picker: a search field and a grid of buttons, each named by its emoji's
 * words. Escape closes it; choosing one emits it.
 */
@Component({
  selector: 'app-emoji-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'dialog', '[attr.aria-label]': 'label()', '(keydown.escape)': 'onEscape($event)' },
  template: `
    <label class="visually-hidden" [for]="fieldId">Search emoji</label>
    <input
      #search
      type="search"
      [id]="fieldId"
      placeholder="Search emoji"
      autocomplete="off"
      [value]="query()"
      (input)="query.set($any($event.target).value)"
      (keydown.enter)="$event.preventDefault(); pickFirst()"
    />
    <div class="grid" role="group" aria-label="Emoji">
      @for (choice of choices(); track choice.emoji) {
        <button
          type="button"
          class="choice"
          [attr.aria-label]="choice.name"
          [title]="choice.name"
          (click)="picked.emit(choice.emoji)"
        >
          {{ choice.emoji }}
        </button>
      } @empty {
        <p class="none">No emoji match.</p>
      }
    </div>
  `,
  styles: `
    :host {
      display: grid;
      gap: 0.4rem;
      width: min(18rem, calc(100vw - 2rem));
      padding: 0.5rem;
      background: var(--surface);
      border: 1px solid var(--border);
      border-radius: 10px;
      box-shadow: 0 6px 20px rgb(0 0 0 / 20%);
    }
    input {
      padding: 0.3rem 0.5rem;
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(8, 1fr);
      max-height: 12rem;
      overflow-y: auto;
    }
    .choice {
      border: none;
      background: none;
      border-radius: 6px;
      font-size: 1.2rem;
      line-height: 1;
      padding: 0.25rem 0;
      cursor: pointer;
    }
    .choice:hover,
    .choice:focus-visible {
      background: var(--hover);
    }
    .none {
      grid-column: 1 / -1;
      margin: 0.25rem;
      color: var(--muted);
      font-size: 0.85rem;
    }
  `,
})
export class EmojiPickerComponent {
  readonly label = input('Pick a reaction');
  readonly picked = output<string>();
  readonly closed = output<void>();

  protected readonly fieldId = `emoji-search-${nextId++}`;
  protected readonly query = signal('');
  protected readonly choices = computed(() => searchEmoji(this.query(), EMOJI));
  private readonly search = viewChild.required<ElementRef<HTMLInputElement>>('search');

  constructor() {
    afterNextRender(() => this.search().nativeElement.focus());
  }

  protected pickFirst(): void {
    const first = this.choices()[0];
    if (first) this.picked.emit(first.emoji);
  }

  protected onEscape(event: Event): void {
    event.stopPropagation();
    this.closed.emit();
  }
}
