import { computed, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import { errorMessages } from '../../core/api/api-errors';
import type { User } from '../../core/api/api-types';
import { DirectorySearch, UserDirectoryService } from '../../core/api/user-directory.service';
import { AuthStore } from '../../core/auth/auth.store';
import { DirectStore } from '../direct/direct.store';
import { RoomsStore } from '../rooms/rooms.store';
import { SwitcherItem, switcherItems } from './quick-switcher';

/** Ctrl/Cmd+K: jump to a room, or to a conversation with anyone in the directory. */
@Injectable({ providedIn: 'root' })
export class QuickSwitcherStore {
  private readonly rooms = inject(RoomsStore);
  private readonly direct = inject(DirectStore);
  private readonly router = inject(Router);
  private readonly me = inject(AuthStore).user;

  private readonly openState = signal(false);
  private readonly queryText = signal('');
  private readonly people = signal<User[]>([]);
  /** The highlighted item by identity, so it stays put when results arrive or reorder. */
  private readonly activeKey = signal<string | null>(null);
  private readonly lastError = signal('');
  private readonly search = new DirectorySearch(inject(UserDirectoryService), (users) =>
    this.people.set(users),
  );

  readonly isOpen = this.openState.asReadonly();
  readonly query = this.queryText.asReadonly();
  readonly error = this.lastError.asReadonly();
  readonly items = computed(() => {
    const { rooms, direct, browse } = this.rooms.sections();
    return switcherItems(
      this.queryText(),
      [...rooms, ...direct, ...browse],
      this.people(),
      (room) => this.rooms.label(room),
      this.me()?.id,
    );
  });
  /** Index of the highlighted item: the one moved to, while it is listed; else the first. */
  readonly active = computed(() => {
    const key = this.activeKey();
    return Math.max(0, key === null ? 0 : this.items().findIndex((item) => itemKey(item) === key));
  });

  open(): void {
    this.queryText.set('');
    this.people.set([]);
    this.activeKey.set(null);
    this.lastError.set('');
    this.openState.set(true);
  }

  close(): void {
    this.search.cancel();
    this.openState.set(false);
  }

  setQuery(text: string): void {
    this.queryText.set(text);
    this.activeKey.set(null);
    this.search.query(text);
  }

  /** Moves the highlight by `delta`, wrapping at both ends. */
  move(delta: number): void {
    const items = this.items();
    const count = items.length;
    if (count === 0) return;
    this.activeKey.set(itemKey(items[(((this.active() + delta) % count) + count) % count]));
  }

  /** Opens the highlighted item (or `item`): a room, or the direct conversation with a person. */
  async choose(item: SwitcherItem | undefined = this.items()[this.active()]): Promise<void> {
    if (!item) return;
    this.lastError.set('');
    try {
      const roomId = item.type === 'room' ? item.id : (await this.direct.start([item.id])).id;
      this.close();
      await this.router.navigate(['/rooms', roomId]);
    } catch (error) {
      this.lastError.set(errorMessages(error).join(' '));
    }
  }
}

function itemKey(item: SwitcherItem): string {
  return `${item.type}:${item.id}`;
}
