interface RoomQueue<T> {
  next: number;
  held: Map<number, T>;
  timer?: NodeJS.Timeout;
}

/**
 * Hands messages on in seq order per room. Commits are ordered by the database, but on
 * PostgreSQL the replies of two transactions that commit back to back can reach this process
 * in either order; a message that comes early is held until its predecessor arrives, or for
 * at most `maxHoldMs` (a predecessor that never comes must not stall the room).
 */
export class InSeqOrder<T extends { roomId: string; seq: number }> {
  private readonly rooms = new Map<string, RoomQueue<T>>();

  constructor(
    private readonly deliver: (item: T) => void,
    private readonly maxHoldMs = 200,
  ) {}

  push(item: T): void {
    const room = this.rooms.get(item.roomId);
    if (!room) {
      this.rooms.set(item.roomId, { next: item.seq + 1, held: new Map() });
      return this.deliver(item);
    }
    if (item.seq > room.next) {
      room.held.set(item.seq, item);
      room.timer ??= setTimeout(() => this.release(room), this.maxHoldMs);
      return;
    }
    this.deliver(item);
    room.next = Math.max(room.next, item.seq + 1);
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

  /** Gives up waiting: delivers what is held, in order, and moves past the gap. */
  private release(room: RoomQueue<T>): void {
    room.timer = undefined;
    for (const seq of [...room.held.keys()].sort((a, b) => a - b)) {
      this.deliver(room.held.get(seq)!);
      room.next = seq + 1;
    }
    room.held.clear();
  }
}
