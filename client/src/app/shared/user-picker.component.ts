import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  OnDestroy,
  output,
  signal,
} from '@angular/core';
import type { User } from '../core/api/api-types';
import { DirectorySearch, UserDirectoryService } from '../core/api/user-directory.service';

let nextPickerId = 0;

/**
 * A labelled combobox over the user directory (`GET /api/users?q=`): type a prefix, pick with
 * the arrow keys and Enter or the pointer. Emits the user picked and clears itself.
 */
@Component({
  selector: 'app-user-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="field">
      <label [for]="id + '-input'">{{ label() }}</label>
      <input
        [id]="id + '-input'"
        role="combobox"
        autocomplete="off"
        aria-autocomplete="list"
        [attr.aria-expanded]="options().length > 0"
        [attr.aria-controls]="id + '-list'"
        [attr.aria-activedescendant]="activeId()"
        [value]="text()"
        [disabled]="disabled()"
        placeholder="Type a username"
        (input)="onInput($any($event.target).value)"
        (keydown)="onKey($event)"
      />
    </div>
    <ul
      [id]="id + '-list'"
      role="listbox"
      [attr.aria-label]="label()"
      [hidden]="options().length === 0"
    >
      @for (user of options(); track user.id; let i = $index) {
        <li
          [id]="id + '-option-' + i"
          role="option"
          [attr.aria-selected]="i === active()"
          [class.active]="i === active()"
          (mousedown)="$event.preventDefault(); pick(user)"
        >
          {{ user.username }}
        </li>
      }
    </ul>
    @if (hasSearched() && options().length === 0 && text().trim() !== '') {
      <p class="hint" role="status">Nobody found by that name.</p>
    }
  `,
  styles: `
    :host {
      display: block;
      position: relative;
    }
    ul {
      list-style: none;
      margin: 0.25rem 0 0;
      padding: 0.25rem;
      border: 1px solid var(--border);
      border-radius: 8px;
      background: var(--surface);
      max-height: 14rem;
      overflow-y: auto;
    }
    li {
      padding: 0.4rem 0.6rem;
      border-radius: 6px;
      cursor: pointer;
    }
    li.active,
    li:hover {
      background: var(--accent-soft);
    }
    .hint {
      margin: 0.25rem 0 0;
    }
  `,
})
export class UserPickerComponent implements OnDestroy {
  readonly label = input.required<string>();
  /** People not to offer (already picked, already members, the caller). */
  readonly exclude = input<readonly string[]>([]);
  readonly disabled = input(false);
  readonly picked = output<User>();

  protected readonly id = `user-picker-${nextPickerId++}`;
  protected readonly text = signal('');
  private readonly results = signal<User[]>([]);
  protected readonly hasSearched = signal(false);
  protected readonly active = signal(0);
  protected readonly options = computed(() => {
    const excluded = new Set(this.exclude());
    return this.results().filter((u) => !excluded.has(u.id));
  });
  protected readonly activeId = computed(() =>
    this.options().length > 0 ? `${this.id}-option-${this.active()}` : null,
  );

  private readonly search = new DirectorySearch(inject(UserDirectoryService), (users) => {
    this.results.set(users);
    this.active.set(0);
    this.hasSearched.set(true);
  });

  ngOnDestroy(): void {
    this.search.cancel();
  }

  protected onInput(value: string): void {
    this.text.set(value);
    this.hasSearched.set(false);
    this.search.query(value);
  }

  protected onKey(event: KeyboardEvent): void {
    const count = this.options().length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (count > 0)
        this.active.update((i) => (i + (event.key === 'ArrowDown' ? 1 : -1) + count) % count);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const user = this.options()[this.active()];
      if (user) this.pick(user);
    } else if (event.key === 'Escape' && count > 0) {
      // Closes the list only; a second Escape closes the dialog around it.
      event.preventDefault();
      event.stopPropagation();
      this.reset();
    }
  }

  protected pick(user: User): void {
    this.picked.emit(user);
    this.reset();
  }

  private reset(): void {
    this.search.cancel();
    this.text.set('');
    this.results.set([]);
    this.hasSearched.set(false);
  }
}
