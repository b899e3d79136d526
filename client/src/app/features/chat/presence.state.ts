import { computed, signal } from '@angular/core';
import type { User } from '../../core/api/api-types';

/** Others' typing shows this long after their last `true`, even if their `false` is lost. */
const TYPING_DISPLAY_MS = 6000;

/** Who is in the open room and who of them is typing. Part of ChatStore. */
export class PresenceState {
  private readonly members = signal<ReadonlyMap<string, User>>(new Map());
  private readonly typists = signal<ReadonlyMap<string, User>>(new Map());
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();

  readonly users = computed(() =>
    [...this.members().values()].sort((a, b) => a.username.localeCompare(b.username)),
  );
  readonly typingUsers = computed(() => [...this.typists().values()]);

  /** Everyone in the room, as the join's ack lists them. */
  setMembers(users: User[]): void {
    this.members.set(new Map(users.map((u) => [u.id, u])));
  }

  /** A presence delta, applied as set operations: a repeat changes nothing. */
  apply(joined: User[], left: User[]): void {
    this.members.update((current) => {
      const next = new Map(current);
      for (const user of left) next.delete(user.id);
      for (const user of joined) next.set(user.id, user);
      return next;
    });
    for (const user of left) this.stopShowingTyping(user.id);
  }

  /** A user's new name or avatar, where they are present. */
  refresh(user: User): void {
    if (!this.members().has(user.id)) return;
    this.members.update((current) => new Map(current).set(user.id, user));
  }

  showTyping(user: User, isTyping: boolean): void {
    if (!isTyping) return this.stopShowingTyping(user.id);
    clearTimeout(this.typingTimers.get(user.id));
    this.typingTimers.set(
      user.id,
      setTimeout(() => this.stopShowingTyping(user.id), TYPING_DISPLAY_MS),
    );
    this.typists.update((current) => new Map(current).set(user.id, user));
  }

  stopShowingTyping(userId: string): void {
    clearTimeout(this.typingTimers.get(userId));
    this.typingTimers.delete(userId);
    if (!this.typists().has(userId)) return;
    this.typists.update((current) => {
      const next = new Map(current);
      next.delete(userId);
      return next;
    });
  }

  clear(): void {
    for (const timer of this.typingTimers.values()) clearTimeout(timer);
    this.typingTimers.clear();
    this.members.set(new Map());
    this.typists.set(new Map());
  }
}
