import type { Message } from '../../core/api/api-types';
import { mergeBySeq, startsGroup } from './message-timeline';

const message = (
  seq: number,
  senderId = 'u1',
  createdAt = '2026-01-01T10:00:00.000Z',
): Message => ({
  id: `m${seq}`,
  roomId: 'room',
  seq,
  body: `body ${seq}`,
  sender: { id: senderId, username: senderId },
  clientMsgId: null,
  createdAt,
  version: 0,
  editedAt: null,
  deletedAt: null,
  replyTo: null,
  mentions: [],
  reactions: [],
  files: [],
});

describe('mergeBySeq', () => {
  it('keeps seq order and drops repeats, whatever order messages arrive in', () => {
    const merged = mergeBySeq(
      [message(1), message(2)],
      [message(5), message(3), message(2), message(4)],
    );
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('prepends an older page', () => {
    expect(
      mergeBySeq([message(51), message(52)], [message(49), message(50)]).map((m) => m.seq),
    ).toEqual([49, 50, 51, 52]);
  });

  it('ignores a live message already held', () => {
    const list = [message(1), message(2)];
    expect(mergeBySeq(list, [message(2)]).map((m) => m.seq)).toEqual([1, 2]);
  });
});

describe('startsGroup', () => {
  it('groups consecutive messages of one sender within five minutes', () => {
    const first = message(1, 'u1', '2026-01-01T10:00:00.000Z');
    expect(startsGroup(undefined, first)).toBe(true);
    expect(startsGroup(first, message(2, 'u1', '2026-01-01T10:04:00.000Z'))).toBe(false);
    expect(startsGroup(first, message(2, 'u2', '2026-01-01T10:01:00.000Z'))).toBe(true);
    expect(startsGroup(first, message(2, 'u1', '2026-01-01T10:06:00.000Z'))).toBe(true);
  });
});
