interface RoomQueue<T> {
  roomId: string;
  next: number;
  held: Map<number, T>;
  timer?: NodeJS.Timeout;
  /** A gap is being filled from the database: arrivals wait in `held`. */
  isFilling: boolean;
}

/** Fetches the stored items with after < position < before, ascending by position. */
export type FetchGap<T> = (roomId: string, after: number, before: number) => Promise<T[]>;

/** What an InSeqOrder orders by. */
export interface OrderKey<T> {
  positionOf(item: T): number;
  /**
   * Every position ever handed out can be read back from the database (seqs: messages stay).
   * False for versions: a message holds only its latest change, so an earlier change of it
   * is gone from the database; a fill that succeeds then skips the holes it did not fill,
   * since their messages' later changes are on their way (or held) as items of their own.
   */
  storedForever: boolean;
}

/** Messages by seq (message:new): every seq stays readable. */
export const BY_SEQ: OrderKey<{ seq: number }> = {
  positionOf: (item) => item.seq,
  storedForever: true,
};

/** Messages by version (message:updated): a message shows only its latest change. */
export const BY_VERSION: OrderKey<{ version: number }> = {
  positionOf: (item) => item.version,
  storedForever: false,
};

/**
 * Hands messages on in seq order per room (or in version order, with BY_VERSION), with no gap. Commits are ordered by the database,
 * but their reports can reach this process out of order (two PostgreSQL commits back to
 * back; another instance's message through Redis), and one can be lost altogether (the
 * instance that committed it died before telling anyone). A message that comes early is held
 * until its predecessors arrive; after `maxHoldMs` the missing ones are read from the
 * database, so a room never stalls and no socket is left with a hole.
 */
export class InSeqOrder<T extends { roomId: string }> {
  private readonly rooms = new Map<string, RoomQueue<T>>();

  constructor(
    private readonly deliver: (item: T) => void,
    private readonly fetchGap: FetchGap<T>,
    private readonly maxHoldMs = 200,
    private readonly key: OrderKey<T> = BY_SEQ as unknown as OrderKey<T>,
  ) {}

  private position(item: T): number {
    return this.key.positionOf(item);
  }

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
        next: this.position(item) + 1,
        held: new Map(),
        isFilling: false,
      });
      return this.deliver(item);
    }
    // Already delivered (a late report of a message read from the database meanwhile).
    const position = this.position(item);
    if (position < room.next) return;
    if (position > room.next || room.isFilling) {
      room.held.set(position, item);
      room.timer ??= setTimeout(() => void this.fillGap(room), this.maxHoldMs);
      return;
    }
    this.deliver(item);
    room.next = position + 1;
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
    let lastHeld = 0;
    let isFetched = false;
    try {
      // Every hole up to the last message held, not just the first: while reports from an
      // instance are not arriving at all (Redis away), every other seq may be missing.
      lastHeld = Math.max(...room.held.keys());
      const stored = await this.fetchGap(room.roomId, room.next - 1, lastHeld);
      isFetched = true;
      for (const item of stored) {
        const position = this.position(item);
        if (position >= room.next && position < lastHeld && !room.held.has(position)) {
          room.held.set(position, item);
          found += 1;
        }
      }
    } catch {
      // unreachable: handled below as a fill that found nothing
    } finally {
      room.isFilling = false;
      room.timer = undefined;
    }
    if (isFetched && !this.key.storedForever) {
      // The database had every change up to lastHeld that still exists: the holes left were
      // superseded by later changes of the same messages, which come (or wait) on their own.
      // Later arrivals stay held behind holes of their own.
      for (const position of [...room.held.keys()].sort((a, b) => a - b)) {
        if (position > lastHeld) break;
        this.deliver(room.held.get(position)!);
        room.held.delete(position);
      }
      room.next = Math.max(room.next, lastHeld + 1);
    } else if (found === 0) {
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
