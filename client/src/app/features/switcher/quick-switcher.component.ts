import {
  ChangeDetectionStrategy,
  Component,
  effect,
  ElementRef,
  inject,
  viewChild,
} from '@angular/core';
import type { SwitcherItem } from './quick-switcher';
import { QuickSwitcherStore } from './quick-switcher.store';

/** The quick switcher's dialog; Ctrl+K (Cmd+K on a Mac) anywhere opens it. */
@Component({
  selector: 'app-quick-switcher',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown)': 'onGlobalKey($event)' },
  template: `
    <!-- Escape fires cancel at once and close a task later: the store follows cancel, and a
         late close event from an earlier closing must not shut a dialog opened since. -->
    <dialog
      #dialog
      aria-labelledby="switcher-title"
      (cancel)="store.close()"
      (close)="onDialogClosed()"
    >
      <h2 id="switcher-title" class="visually-hidden">Jump to a room or person</h2>
      <label for="switcher-input" class="visually-hidden">Room or person</label>
      <input
        #input
        id="switcher-input"
        role="combobox"
        autocomplete="off"
        aria-autocomplete="list"
        aria-controls="switcher-list"
        [attr.aria-expanded]="store.items().length > 0"
        [attr.aria-activedescendant]="
          store.items().length > 0 ? 'switcher-option-' + store.active() : null
        "
        placeholder="Jump to a room or person…"
        [value]="store.query()"
        (input)="store.setQuery($any($event.target).value)"
        (keydown)="onKey($event)"
      />
      <!-- Only while open, so a closed switcher adds nothing to the page. -->
      @if (store.isOpen()) {
        <ul id="switcher-list" role="listbox" aria-label="Rooms and people">
          @for (item of store.items(); track item.type + item.id; let i = $index) {
            <li
              [id]="'switcher-option-' + i"
              role="option"
              [attr.aria-selected]="i === store.active()"
              [class.active]="i === store.active()"
              (mousedown)="$event.preventDefault(); store.choose(item)"
            >
              <span class="label"
                >{{ item.type === 'room' && item.room.kind !== 'direct' ? '#' : ''
                }}{{ item.label }}</span
              >
              <span class="hint">{{ describe(item) }}</span>
            </li>
          }
        </ul>
        @if (store.items().length === 0) {
          <p class="hint" role="status">Nothing matches.</p>
        }
        @if (store.error()) {
          <p class="form-error" role="alert">{{ store.error() }}</p>
        }
      }
    </dialog>
  `,
  styles: `
    dialog {
      width: min(100% - 2rem, 32rem);
      margin-top: 12vh;
      border: 1px solid var(--border);
      border-radius: 12px;
      background: var(--surface);
      color: var(--text);
      padding: 0.75rem;
    }
    dialog::backdrop {
      background: rgb(0 0 0 / 40%);
    }
    ul {
      list-style: none;
      margin: 0.5rem 0 0;
      padding: 0;
      max-height: 50vh;
      overflow-y: auto;
    }
    li {
      display: flex;
      justify-content: space-between;
      gap: 1rem;
      padding: 0.45rem 0.6rem;
      border-radius: 6px;
      cursor: pointer;
    }
    li.active {
      background: var(--accent-soft);
    }
    .label {
      overflow-wrap: anywhere;
    }
    p {
      margin: 0.5rem 0.25rem 0;
    }
  `,
})
export class QuickSwitcherComponent {
  protected readonly store = inject(QuickSwitcherStore);
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  private readonly input = viewChild.required<ElementRef<HTMLInputElement>>('input');

  constructor() {
    effect(() => {
      const dialog = this.dialog().nativeElement;
      if (this.store.isOpen() && !dialog.open) {
        dialog.showModal();
        this.input().nativeElement.focus();
      } else if (!this.store.isOpen() && dialog.open) {
        dialog.close();
      }
    });
  }

  protected onGlobalKey(event: KeyboardEvent): void {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
      event.preventDefault();
      // By the dialog itself, not the store, which hears of an Escape a moment late.
      const isShown = this.dialog().nativeElement.open;
      this.store.close();
      if (!isShown) this.store.open();
    }
  }

  protected onDialogClosed(): void {
    if (!this.dialog().nativeElement.open) this.store.close();
  }

  protected onKey(event: KeyboardEvent): void {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      this.store.move(event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      void this.store.choose();
    }
  }

  protected describe(item: SwitcherItem): string {
    if (item.type === 'person') return 'Person';
    if (item.room.kind === 'direct') return 'Direct message';
    return item.room.membership === null ? 'Public room · not joined' : 'Room';
  }
}
