import { signal } from '@angular/core';

/** One line of a completion list. */
export interface CompletionOption {
  /** Unique within the list (tracking). */
  key: string;
  /** Shown, and the option's accessible name with `icon`. */
  label: string;
  /** Shown before the label (an emoji), if any. */
  icon?: string;
  /** What replaces the typed query when the option is picked. */
  insert: string;
}

/** Where a query starts in the text (at its trigger character) and what follows the trigger. */
export interface CompletionQuery {
  start: number;
  prefix: string;
}

/**
 * Something the composer completes as you type: `@` + a username, `:` + an emoji shortcode.
 * Each source finds its query before the caret and answers it; the list, the keys and the
 * insertion are {@link Completion}'s, shared by all.
 */
export interface CompletionSource {
  /** Prefix of the listbox's and options' element ids. */
  readonly id: string;
  /** The listbox's accessible name. */
  readonly label: string;
  queryAt(text: string, caret: number): CompletionQuery | null;
  suggest(prefix: string): CompletionOption[] | Promise<CompletionOption[]>;
}

/** The text with `text[start, caret)` replaced by `insert`, and where the caret goes. */
export function insertCompletion(
  text: string,
  caret: number,
  start: number,
  insert: string,
): { text: string; caret: number } {
  return { text: text.slice(0, start) + insert + text.slice(caret), caret: start + insert.length };
}

/**
 * The completion list of a text field (a combobox with a listbox): which source's query is
 * being typed, its options, the active one; arrows move, Enter or Tab picks, Escape closes.
 */
export class Completion {
  private readonly optionList = signal<CompletionOption[]>([]);
  private readonly activeIndex = signal(0);
  private readonly current = signal<CompletionSource | null>(null);
  readonly options = this.optionList.asReadonly();
  readonly active = this.activeIndex.asReadonly();
  readonly source = this.current.asReadonly();
  private query: CompletionQuery | null = null;
  private ticket = 0;

  constructor(private readonly sources: () => readonly CompletionSource[]) {}

  isOpen(): boolean {
    return this.optionList().length > 0;
  }

  /** The field changed: find the query before the caret and ask its source. */
  update(text: string, caret: number): void {
    for (const source of this.sources()) {
      const query = source.queryAt(text, caret);
      if (!query) continue;
      this.query = query;
      const ticket = ++this.ticket;
      void Promise.resolve(source.suggest(query.prefix)).then((options) => {
        // Only the answer to the latest keystroke counts.
        if (ticket !== this.ticket) return;
        this.current.set(source);
        this.optionList.set(options);
        this.activeIndex.set(0);
      });
      return;
    }
    this.close();
  }

  close(): void {
    this.query = null;
    this.ticket++;
    this.optionList.set([]);
    this.current.set(null);
  }

  /**
   * A key pressed in the field while the list is open: what it does to the list, or 'none'
   * when the key is not the list's (and the field should handle it).
   */
  onKey(event: KeyboardEvent): 'moved' | 'pick' | 'closed' | 'none' {
    const count = this.optionList().length;
    if (count === 0) return 'none';
    switch (event.key) {
      case 'ArrowDown':
        this.activeIndex.update((i) => (i + 1) % count);
        break;
      case 'ArrowUp':
        this.activeIndex.update((i) => (i - 1 + count) % count);
        break;
      case 'Enter':
      case 'Tab':
        if (event.shiftKey || event.isComposing) return 'none';
        event.preventDefault();
        return 'pick';
      case 'Escape':
        this.close();
        event.preventDefault();
        return 'closed';
      default:
        return 'none';
    }
    event.preventDefault();
    return 'moved';
  }

  /**
   * The text with the query replaced by `option` (the active one by default), or null when
   * nothing is open. Closes the list.
   */
  pick(
    text: string,
    caret: number,
    option = this.optionList()[this.activeIndex()],
  ): { text: string; caret: number } | null {
    const query = this.query;
    this.close();
    if (!query || !option) return null;
    return insertCompletion(text, caret, query.start, option.insert);
  }
}
