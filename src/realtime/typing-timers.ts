/** How long a `typing: true` lasts when no `false` follows (the contract says about 5 s). */
export const TYPING_LAPSE_MS = 5000;

/**
 * Remembers who is typing where, so that a `true` never cleared lapses on its own and a user
 * who leaves mid-sentence is shown as stopped.
 */
export class TypingTimers {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly lapseMs = TYPING_LAPSE_MS) {}

  /** (Re)starts the user's typing state; `onLapse` runs if nothing stops it in time. */
  start(roomId: string, userId: string, onLapse: () => void): void {
    const key = `${roomId}:${userId}`;
    clearTimeout(this.timers.get(key));
    const timer = setTimeout(() => {
      this.timers.delete(key);
      onLapse();
    }, this.lapseMs);
    timer.unref();
    this.timers.set(key, timer);
  }

  /** Stops it; true when the user was typing. */
  stop(roomId: string, userId: string): boolean {
    const key = `${roomId}:${userId}`;
    const timer = this.timers.get(key);
    if (!timer) return false;
    clearTimeout(timer);
    this.timers.delete(key);
    return true;
  }

  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
