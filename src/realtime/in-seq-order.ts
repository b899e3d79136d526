interface RoomQueue<T> {
  roomId: string;
  next: number;
  held: Map<number, T>;
  timer?: NodeJS.Timeout;
  /** A gap is being filled from the database: arrivals wait in `held`. */
  isFilling: boolean;
}

/** Fetches the stored messages with afterSeq < seq < beforeSeq, ascending. */
export type FetchGap<T> = (roomId: string, afterSeq: number, beforeSeq: number) => Promise<T[]>;

/**
 * Hands messages on in seq order per room, with no gap. Commits are ordered by the database,
 * but their reports can reach this process out of order (two PostgreSQL commits back to
 * back; another instance's message through Redis), and one can be lost altogether (the
 * instance that committed it died before telling anyone). A message that comes early is held
 * until its predecessors arrive; after `maxHoldMs` the missing ones are read from the
 * database, so a room never stalls and no socket is left with a hole.
 */
export class InSeqOrder<T extends { roomId: string; seq: number }> {
  private readonly rooms = new Map<string, RoomQueue<T>>();

  constructor(
    private readonly deliver: (item: T) => void,
    private readonly fetchGap: FetchGap<T>,
    private readonly maxHoldMs = 200,
  ) {}

  /**
   * Sets where a room's delivery starts when this process first has a socket in it: the
   * seq after the room's newest at that moment. Without it, the first report heard (which
   * may be a later message than the first committed) would become the start.
   */
  startAt(roomId: string, nextSeq: number): void {
    if (!this.rooms.has(roomId)) {
      this.rooms.set(roomId, { roomId, next: nextSeq, held: new Map(), isFilling: false });
    }
  }

  push(item: T): void {
    const room = this.rooms.get(item.roomId);
    if (!room) {
      this.rooms.set(item.roomId, {
        roomId: item.roomId,
        next: item.seq + 1,
        held: new Map(),
        isFilling: false,
      });
      return this.deliver(item);
    }
    // Already delivered (a late report of a message read from the database meanwhile).
    if (item.seq < room.next) return;
    if (item.seq > room.next || room.isFilling) {
      room.held.set(item.seq, item);
      room.timer ??= setTimeout(() => void this.fillGap(room), this.maxHoldMs);
      return;
    }
    this.deliver(item);
    room.next = item.seq + 1;
    this.drain(room);
  }

  clear(): void {
    for (const room of this.rooms.values()) clearTimeout(room.timer);
    this.rooms.clear();
  }

  private drain(room: RoomQueue<T>): void {
    for (let item = room.held.get(room.next); item; item = room.held.get(room.next)) {
      room.held.delete(room.next);
      this.deliver(item);
      room.next += 1;
    }
    if (room.held.size === 0 && room.timer) {
      clearTimeout(room.timer);
      room.timer = undefined;
    }
  }

  /**
   * Waited long enough: read the missing messages and deliver in order. Messages that came in
   * during the read may lie beyond a new hole: they wait for the next fill. A fill that finds
   * nothing (database unreachable) delivers what is held rather than stall the room; clients
   * still see the hole in the seqs and page it in themselves.
   */
  private async fillGap(room: RoomQueue<T>): Promise<void> {
    room.isFilling = true;
    let found = 0;
    try {
      // Every hole up to the last message held, not just the first: while reports from an
      // instance are not arriving at all (Redis away), every other seq may be missing.
      const lastHeld = Math.max(...room.held.keys());
      const stored = await this.fetchGap(room.roomId, room.next - 1, lastHeld);
      for (const item of stored) {
        if (item.seq >= room.next && !room.held.has(item.seq)) {
          room.held.set(item.seq, item);
          found += 1;
        }
      }
    } catch {
      // unreachable: handled below as a fill that found nothing
    } finally {
      room.isFilling = false;
      room.timer = undefined;
    }
    if (found === 0) {
      for (const seq of [...room.held.keys()].sort((a, b) => a - b)) {
        this.deliver(room.held.get(seq)!);
        room.next = seq + 1;
      }
      room.held.clear();
      return;
    }
    this.drain(room);
    if (room.held.size > 0) room.timer = setTimeout(() => void this.fillGap(room), this.maxHoldMs);
  }
}
