import { ChangeDetectionStrategy, Component, ElementRef, inject, viewChild } from '@angular/core';
import { snippetParts, SearchResult } from './search-query';
import { SearchStore } from './search.store';

/**
 * The header's search box: Ctrl+F (Cmd+F) or "/" anywhere in the app focuses it; results
 * show below it, grouped by room, and Enter or a click opens one at its message.
 */
@Component({
  selector: 'app-search-box',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '(document:keydown)': 'onGlobalKey($event)',
    '(document:mousedown)': 'onDocumentPointer($event)',
  },
  template: `
    <div class="box" role="search">
      <label for="search-input" class="visually-hidden">Search messages</label>
      <input
        #input
        id="search-input"
        type="search"
        role="combobox"
        autocomplete="off"
        aria-autocomplete="list"
        aria-controls="search-panel"
        aria-describedby="search-help"
        [attr.aria-expanded]="store.isOpen()"
        [attr.aria-activedescendant]="
          store.isOpen() && store.active() >= 0 ? 'search-result-' + store.active() : null
        "
        placeholder="Search messages"
        title="Search messages (Ctrl+F or /)"
        aria-keyshortcuts="Control+F Meta+F /"
        [value]="store.text()"
        (input)="store.setText($any($event.target).value)"
        (focus)="store.open()"
        (keydown)="onKey($event)"
      />
    </div>
    @if (store.isOpen()) {
      <div
        id="search-panel"
        class="panel"
        [attr.aria-busy]="store.state() === 'loading'"
        [attr.data-answered]="store.answered()"
      >
        @switch (store.state()) {
          @case ('empty') {
            <p id="search-help" class="hint">
              Type words to find in your rooms. Narrow with <kbd>from:name</kbd> and
              <kbd>in:room</kbd>; put <kbd>"words in a row"</kbd> in quotes.
            </p>
          }
          @case ('loading') {
            <p class="hint" role="status">Searching…</p>
          }
          @case ('error') {
            <p class="form-error" role="alert">
              {{ store.error() }}
              <button type="button" class="link" (click)="store.run()">Retry</button>
            </p>
          }
          @case ('ready') {
            @if (store.results().length === 0) {
              <p class="hint" role="status">
                No messages match. Try fewer or shorter words, or drop a filter.
              </p>
            } @else {
              <p class="visually-hidden" role="status">
                {{ store.results().length }}{{ store.hasMore() ? ' or more' : '' }} results
              </p>
              <div role="listbox" aria-label="Search results">
                @for (group of store.groups(); track group.room.id) {
                  <div
                    role="group"
                    class="group"
                    [attr.aria-labelledby]="'search-group-' + group.room.id"
                  >
                    <div role="presentation" [id]="'search-group-' + group.room.id" class="room">
                      {{ group.room.kind === 'direct' ? '' : '#' }}{{ store.label(group.room) }}
                    </div>
                    @for (item of group.results; track item.result.message.id) {
                      <div
                        role="option"
                        class="result"
                        [id]="'search-result-' + item.index"
                        [attr.aria-selected]="item.index === store.active()"
                        [class.active]="item.index === store.active()"
                        (mousedown)="$event.preventDefault(); store.choose(item.result)"
                      >
                        <div class="meta">
                          <span class="sender">{{ item.result.message.sender.username }}</span>
                          <time [attr.datetime]="item.result.message.createdAt">{{
                            when(item.result)
                          }}</time>
                        </div>
                        <p class="snippet">
                          @for (part of parts(item.result); track $index) {
                            @if (part.isMatch) {
                              <mark>{{ part.text }}</mark>
                            } @else {
                              <span>{{ part.text }}</span>
                            }
                          }
                        </p>
                      </div>
                    }
                  </div>
                }
              </div>
              @if (store.hasMore()) {
                <button
                  type="button"
                  class="button secondary more"
                  [disabled]="store.isLoadingMore()"
                  (click)="store.loadMore()"
                >
                  {{ store.isLoadingMore() ? 'Loading…' : 'More results' }}
                </button>
              }
              @if (store.error()) {
                <p class="form-error" role="alert">{{ store.error() }}</p>
              }
            }
          }
        }
      </div>
    }
  `,
  styles: `
    :host {
      position: relative;
      flex: 1 1 auto;
      max-width: 30rem;
      min-width: 0;
    }
    input {
      width: 100%;
      box-sizing: border-box;
    }
    .panel {
      position: absolute;
      z-index: 20;
      top: calc(100% + 0.35rem);
      left: 0;
      width: min(36rem, 92vw);
      max-height: 70vh;
      overflow-y: auto;
      border: 1px solid var(--border);
      border-radius: 10px;
      background: var(--surface);
      color: var(--text);
      box-shadow: 0 8px 24px rgb(0 0 0 / 18%);
      padding: 0.5rem;
    }
    @media (max-width: 600px) {
      .panel {
        position: fixed;
        top: 3.4rem;
        left: 0.5rem;
        right: 0.5rem;
        width: auto;
      }
    }
    .hint {
      color: var(--muted);
      margin: 0.4rem;
    }
    kbd {
      font-family: inherit;
      padding: 0 0.25rem;
      border: 1px solid var(--border);
      border-radius: 4px;
    }
    .room {
      font-weight: 700;
      font-size: 0.8rem;
      text-transform: none;
      color: var(--muted);
      margin: 0.6rem 0.4rem 0.2rem;
      overflow-wrap: anywhere;
    }
    .result {
      padding: 0.4rem 0.5rem;
      border-radius: 6px;
      cursor: pointer;
    }
    .result:hover {
      background: var(--hover);
    }
    .result.active {
      background: var(--accent-soft);
      outline: 2px solid var(--focus);
      outline-offset: -2px;
    }
    .meta {
      display: flex;
      gap: 0.5rem;
      font-size: 0.8rem;
      color: var(--muted);
    }
    .sender {
      font-weight: 600;
      color: var(--text);
    }
    .snippet {
      margin: 0.15rem 0 0;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    mark {
      background: var(--warning-bg);
      color: var(--warning-text);
      font-weight: 600;
      border-radius: 2px;
    }
    .more {
      margin: 0.5rem 0.4rem;
    }
  `,
})
export class SearchBoxComponent {
  protected readonly store = inject(SearchStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly input = viewChild.required<ElementRef<HTMLInputElement>>('input');

  protected parts(result: SearchResult) {
    return snippetParts(result.snippet, result.highlights);
  }

  protected when(result: SearchResult): string {
    return new Date(result.message.createdAt).toLocaleString(undefined, {
      dateStyle: 'medium',
      timeStyle: 'short',
    });
  }

  protected onGlobalKey(event: KeyboardEvent): void {
    const isFind = (event.ctrlKey || event.metaKey) && !event.altKey && event.key === 'f';
    const isSlash = event.key === '/' && !event.ctrlKey && !event.metaKey && !isTyping(event);
    if (!isFind && !isSlash) return;
    event.preventDefault();
    const input = this.input().nativeElement;
    input.focus();
    input.select();
    this.store.open();
  }

  protected onDocumentPointer(event: MouseEvent): void {
    if (!this.host.nativeElement.contains(event.target as Node)) this.store.close();
  }

  protected onKey(event: KeyboardEvent): void {
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        event.preventDefault();
        this.store.open();
        this.store.move(event.key === 'ArrowDown' ? 1 : -1);
        return;
      case 'Enter':
        event.preventDefault();
        this.onEnter();
        return;
      case 'Escape':
        if (this.store.isOpen()) {
          event.preventDefault();
          this.store.close();
        } else {
          this.input().nativeElement.blur();
        }
        return;
    }
  }

  /** Opens the active result, or searches now when the results are not for this text yet. */
  private onEnter(): void {
    // Results of an older text (typed over, not searched yet) are not what Enter means.
    const isShown = this.store.isOpen() && this.store.state() === 'ready';
    if (isShown && this.store.isCurrent() && this.store.active() >= 0) {
      this.input().nativeElement.blur();
      void this.store.choose();
      return;
    }
    this.store.open();
    void this.store.run();
  }
}

/** True when the key goes to a field or editor, where "/" is text. */
function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  return (
    target.isContentEditable ||
    target.tagName === 'INPUT' ||
    target.tagName === 'TEXTAREA' ||
    target.tagName === 'SELECT'
  );
}
