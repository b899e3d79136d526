import { InSeqOrder } from './in-seq-order';

describe('InSeqOrder', () => {
  const message = (roomId: string, seq: number) => ({ roomId, seq });
  let delivered: { roomId: string; seq: number }[];
  let inOrder: InSeqOrder<{ roomId: string; seq: number }>;

  beforeEach(() => {
    jest.useFakeTimers();
    delivered = [];
    inOrder = new InSeqOrder((item) => delivered.push(item), 200);
  });
  afterEach(() => {
    inOrder.clear();
    jest.useRealTimers();
  });

  it('delivers a room’s messages in seq order when commits are reported out of order', () => {
    for (const seq of [1, 3, 4, 2, 5]) inOrder.push(message('a', seq));
    expect(delivered.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps rooms independent', () => {
    inOrder.push(message('a', 1));
    inOrder.push(message('b', 7));
    inOrder.push(message('a', 3));
    inOrder.push(message('b', 8));
    expect(delivered).toEqual([message('a', 1), message('b', 7), message('b', 8)]);
  });

  it('does not stall a room on a seq that never arrives', () => {
    inOrder.push(message('a', 1));
    inOrder.push(message('a', 4));
    inOrder.push(message('a', 3));
    expect(delivered.map((m) => m.seq)).toEqual([1]);

    jest.advanceTimersByTime(200);
    expect(delivered.map((m) => m.seq)).toEqual([1, 3, 4]);
    inOrder.push(message('a', 5));
    expect(delivered.map((m) => m.seq)).toEqual([1, 3, 4, 5]);
  });
});
