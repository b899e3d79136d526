import { BY_VERSION, InSeqOrder } from './in-seq-order';

interface Item {
  roomId: string;
  seq: number;
}

describe('InSeqOrder', () => {
  const message = (roomId: string, seq: number): Item => ({ roomId, seq });
  let delivered: Item[];
  let stored: Item[];
  let inOrder: InSeqOrder<Item>;

  beforeEach(() => {
    jest.useFakeTimers();
    delivered = [];
    stored = [];
    inOrder = new InSeqOrder(
      (item) => delivered.push(item),
      (roomId, afterSeq, beforeSeq) =>
        Promise.resolve(
          stored.filter((m) => m.roomId === roomId && m.seq > afterSeq && m.seq < beforeSeq),
        ),
      200,
    );
  });
  afterEach(() => {
    inOrder.clear();
    jest.useRealTimers();
  });

  const seqs = () => delivered.map((m) => m.seq);

  it('delivers a room’s messages in seq order when commits are reported out of order', () => {
    for (const seq of [1, 3, 4, 2, 5]) inOrder.push(message('a', seq));
    expect(seqs()).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps rooms independent', () => {
    inOrder.push(message('a', 1));
    inOrder.push(message('b', 7));
    inOrder.push(message('a', 3));
    inOrder.push(message('b', 8));
    expect(delivered).toEqual([message('a', 1), message('b', 7), message('b', 8)]);
  });

  it('a room joined at seq N waits for N+1 even when N+2 is heard first', () => {
    inOrder.startAt('a', 1);
    inOrder.push(message('a', 2));
    expect(seqs()).toEqual([]);
    inOrder.push(message('a', 1));
    expect(seqs()).toEqual([1, 2]);
  });

  it('fills a hole from the database when a message never arrives (its instance died)', async () => {
    stored = [message('a', 2), message('a', 3)];
    inOrder.push(message('a', 1));
    inOrder.push(message('a', 4));
    expect(seqs()).toEqual([1]);

    await jest.advanceTimersByTimeAsync(200);
    inOrder.push(message('a', 5));
    expect(seqs()).toEqual([1, 2, 3, 4, 5]);
  });

  it('fills every hole before the last message held, not only the first', async () => {
    // Another instance's reports stopped arriving: its messages are every other seq.
    stored = [2, 3, 4, 5, 6, 7].map((seq) => message('a', seq));
    for (const seq of [1, 3, 5, 7]) inOrder.push(message('a', seq));

    await jest.advanceTimersByTimeAsync(200);
    expect(seqs()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('does not deliver twice a message read from the database whose own report comes late', async () => {
    stored = [message('a', 2)];
    inOrder.push(message('a', 1));
    inOrder.push(message('a', 3));
    await jest.advanceTimersByTimeAsync(200);
    inOrder.push(message('a', 2));
    expect(seqs()).toEqual([1, 2, 3]);
  });

  it('holds arrivals while the hole is being filled, then delivers all in order', async () => {
    stored = [message('a', 2)];
    inOrder.push(message('a', 1));
    inOrder.push(message('a', 3));
    jest.advanceTimersByTime(200); // the fill starts
    inOrder.push(message('a', 4)); // arrives mid-fill
    await jest.advanceTimersByTimeAsync(0);
    expect(seqs()).toEqual([1, 2, 3, 4]);
  });

  it('an arrival during a fill that lies beyond a new hole waits for the next fill', async () => {
    stored = [2, 3, 4, 5].map((seq) => message('a', seq));
    inOrder.push(message('a', 1));
    inOrder.push(message('a', 3));
    jest.advanceTimersByTime(200); // the fill starts: it reads up to 3
    inOrder.push(message('a', 5)); // arrives mid-fill; 4 never will
    await jest.advanceTimersByTimeAsync(0);
    expect(seqs()).toEqual([1, 2, 3]);

    await jest.advanceTimersByTimeAsync(200);
    expect(seqs()).toEqual([1, 2, 3, 4, 5]);
  });

  it('delivers what it holds when the database cannot be read, rather than stall', async () => {
    inOrder = new InSeqOrder(
      (item) => delivered.push(item),
      () => Promise.reject(new Error('database down')),
      200,
    );
    inOrder.push(message('a', 1));
    inOrder.push(message('a', 3));
    await jest.advanceTimersByTimeAsync(200);
    expect(seqs()).toEqual([1, 3]);
  });

  describe('by version (message:updated)', () => {
    interface Change {
      roomId: string;
      id: string;
      version: number;
    }
    let changes: Change[];
    let current: Change[];
    let byVersion: InSeqOrder<Change>;
    const change = (id: string, version: number): Change => ({ roomId: 'a', id, version });
    const versions = () => changes.map((c) => c.version);

    beforeEach(() => {
      changes = [];
      current = [];
      byVersion = new InSeqOrder<Change>(
        (item) => changes.push(item),
        (roomId, after, before) =>
          Promise.resolve(
            current
              .filter((c) => c.roomId === roomId && c.version > after && c.version < before)
              .sort((x, y) => x.version - y.version),
          ),
        200,
        BY_VERSION,
      );
    });
    afterEach(() => byVersion.clear());

    it('orders by version from where the room was joined', () => {
      byVersion.startAt('a', 5);
      byVersion.push(change('m2', 6));
      byVersion.push(change('m1', 5));
      expect(versions()).toEqual([5, 6]);
    });

    it('fills a hole with the message still at that version', async () => {
      current = [change('m2', 2)];
      byVersion.push(change('m1', 1));
      byVersion.push(change('m1', 3));
      await jest.advanceTimersByTimeAsync(200);
      expect(versions()).toEqual([1, 2, 3]);
    });

    it('skips a hole whose message has changed again since, and delivers that later change in order', async () => {
      // Change 2 (of m2) was never reported; m2 has been changed again since, as change 4.
      current = [change('m1', 3), change('m2', 4)];
      byVersion.push(change('m1', 1));
      byVersion.push(change('m1', 3));
      await jest.advanceTimersByTimeAsync(200);
      expect(versions()).toEqual([1, 3]);

      byVersion.push(change('m2', 4));
      expect(versions()).toEqual([1, 3, 4]);
    });

    it('keeps an arrival beyond the filled range waiting for its own predecessor', async () => {
      current = [change('m3', 2), change('m2', 3)];
      byVersion.push(change('m1', 1));
      byVersion.push(change('m2', 3));
      jest.advanceTimersByTime(200); // the fill starts: up to 3
      byVersion.push(change('m1', 5)); // arrives mid-fill; 4 comes late
      await jest.advanceTimersByTimeAsync(0);
      expect(versions()).toEqual([1, 2, 3]);

      byVersion.push(change('m1', 4));
      expect(versions()).toEqual([1, 2, 3, 4, 5]);
    });
  });
});
