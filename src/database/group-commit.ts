interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Commits items in groups: whatever arrives while a transaction runs goes into the next one.
 * This turns N transactions (N commits) into a few, while each caller still hears back only
 * after its own item is committed.
 *
 * A group starts on setImmediate, after the event loop has read every socket with data
 * waiting: better-sqlite3 is synchronous, so a transaction started at once would finish
 * before the next socket's message is even parsed, and every group would hold one item.
 */
export class GroupCommit<T, R> {
  private waiting: Waiting<T, R>[] = [];
  private running = 0;
  private isScheduled = false;

  /**
   * @param concurrency groups committing at once: 1 where the database writes one
   *   transaction at a time (SQLite); more where it runs them side by side (PostgreSQL),
   *   so that one group's round trips do not hold up the next.
   */
  constructor(
    private readonly commitGroup: (items: T[]) => Promise<R[]>,
    private readonly concurrency = 1,
    private readonly maxGroupSize = 256,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.isScheduled) return;
      this.isScheduled = true;
      setImmediate(() => {
        this.isScheduled = false;
        void this.run();
      });
    });
  }

  /**
   * The group rolled back, perhaps for one bad item: each is tried again alone, in order, so
   * one item that cannot be stored never fails another caller's.
   */
  private async commitOneByOne(group: Waiting<T, R>[]): Promise<void> {
    for (const waiting of group) {
      try {
        const [result] = await this.commitGroup([waiting.item]);
        waiting.resolve(result);
      } catch (error) {
        waiting.reject(error);
      }
    }
  }

  private async run(): Promise<void> {
    if (this.running >= this.concurrency) return;
    this.running += 1;
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting.splice(0, this.maxGroupSize);
        try {
          const results = await this.commitGroup(group.map((waiting) => waiting.item));
          group.forEach((waiting, i) => waiting.resolve(results[i]));
        } catch (error) {
          if (group.length === 1) group[0].reject(error);
          else await this.commitOneByOne(group);
        }
      }
    } finally {
      this.running -= 1;
    }
  }
}
