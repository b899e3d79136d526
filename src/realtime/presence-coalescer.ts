import type { ChatUser } from './chat-events';
import type { PresenceChange } from './presence-store';

/** Reads which of these users are in the room now (the presence store's answer). */
export type PresenceReader = (roomId: string, userIds: string[]) => Promise<ChatUser[]>;
export type PresenceEmitter = (roomId: string, change: PresenceChange) => void;

interface Reported {
  user: ChatUser;
  isPresent: boolean;
}

/** A room that changed within the last window: later changes wait here for its end. */
interface Window {
  changed: Map<string, Reported>;
  /** Unset while the window's changes are being read and sent. */
  timer?: NodeJS.Timeout;
}

/**
 * Turns a room's presence changes into at most one event per window (PRESENCE_COALESCE_MS),
 * so a join/leave loop cannot send every member an event per change (#21). The first change
 * in a quiet room goes out at once, as it did before; changes within the window after it are
 * sent together at its end, each user named once.
 *
 * At the window's end each user's state is read from the presence store, not taken from the
 * last change this instance saw: with several instances, a user's last socket may have left
 * here while their first socket joined on another instance, whose own event may already have
 * gone out. The store decides "present" for the whole cluster, as it decides first-joined and
 * last-left, so the event at the window's end leaves every view right.
 */
export class PresenceCoalescer {
  private readonly windows = new Map<string, Window>();
  private isClosed = false;

  constructor(
    private readonly windowMs: number,
    private readonly presentAmong: PresenceReader,
    private readonly emit: PresenceEmitter,
    private readonly onReadFailed: (error: unknown) => void,
  ) {}

  /** A presence change the store reported (a first socket joined, a last one left). */
  report(roomId: string, { joined, left }: PresenceChange): void {
    if (joined.length + left.length === 0) return;
    const window = this.windows.get(roomId);
    if (!window) {
      this.emit(roomId, { joined, left });
      if (this.windowMs > 0 && !this.isClosed) this.open(roomId);
      return;
    }
    for (const user of left) window.changed.set(user.id, { user, isPresent: false });
    for (const user of joined) window.changed.set(user.id, { user, isPresent: true });
  }

  /**
   * Shutting down: no more timers; changes waiting for their window go out now, and later
   * ones (the closing connections' leaves) at once.
   */
  async close(): Promise<void> {
    this.isClosed = true;
    const waiting = [...this.windows];
    for (const [, window] of waiting) clearTimeout(window.timer);
    this.windows.clear();
    await Promise.all(waiting.map(([roomId, window]) => this.send(roomId, window.changed)));
  }

  private open(roomId: string): void {
    const window: Window = { changed: new Map() };
    this.windows.set(roomId, window);
    this.schedule(roomId, window);
  }

  private schedule(roomId: string, window: Window): void {
    window.timer = setTimeout(() => void this.endWindow(roomId, window), this.windowMs);
  }

  /**
   * Sends what changed in the window and opens the next one; a window without changes ends
   * the room's state, so a quiet room holds nothing and its next change goes out at once.
   * The next window starts only once this one's event is out, so a slow read cannot let an
   * older state overtake a newer one.
   */
  private async endWindow(roomId: string, window: Window): Promise<void> {
    window.timer = undefined;
    if (window.changed.size === 0) {
      this.windows.delete(roomId);
      return;
    }
    const changed = window.changed;
    window.changed = new Map();
    await this.send(roomId, changed);
    if (this.windows.get(roomId) === window) this.schedule(roomId, window);
  }

  private async send(roomId: string, changed: Map<string, Reported>): Promise<void> {
    if (changed.size === 0) return;
    // Unread (the store failed): each user as this instance last saw them.
    let presentNow: Map<string, ChatUser> | undefined;
    try {
      const present = await this.presentAmong(roomId, [...changed.keys()]);
      presentNow = new Map(present.map((user) => [user.id, user]));
    } catch (error) {
      this.onReadFailed(error);
    }
    const change: PresenceChange = { joined: [], left: [] };
    for (const [userId, { user, isPresent }] of changed) {
      const isThere = presentNow ? presentNow.has(userId) : isPresent;
      if (isThere) change.joined.push(presentNow?.get(userId) ?? user);
      else change.left.push(user);
    }
    this.emit(roomId, change);
  }
}
