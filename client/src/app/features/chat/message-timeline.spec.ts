import type { Message } from '../../core/api/api-types';
import { dayDivider, mergeBySeq, startsGroup } from './message-timeline';

const message = (
  seq: number,
  senderId = 'u1',
  createdAt = '2026-01-01T10:00:00.000Z',
): Message => ({
  id: `m${seq}`,
  roomId: 'room',
  seq,
  body: `body ${seq}`,
  sender: { id: senderId, username: senderId, displayName: senderId, avatarUrl: null },
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

describe('dayDivider', () => {
  const at = (createdAt: string) => message(1, 'u1', createdAt);
  const now = new Date(2026, 11, 7, 15, 0);

  it('labels the first message of each day: Today, Yesterday, then the date', () => {
    const today = at(new Date(2026, 11, 7, 9, 0).toISOString());
    const yesterday = at(new Date(2026, 11, 6, 23, 0).toISOString());
    const older = at(new Date(2026, 10, 20, 12, 0).toISOString());
    const lastYear = at(new Date(2025, 0, 2, 12, 0).toISOString());
    expect(dayDivider(undefined, today, now, 'en-GB')).toBe('Today');
    expect(dayDivider(yesterday, today, now, 'en-GB')).toBe('Today');
    expect(dayDivider(today, at(new Date(2026, 11, 7, 10, 0).toISOString()), now)).toBeNull();
    expect(dayDivider(older, yesterday, now, 'en-GB')).toBe('Yesterday');
    expect(dayDivider(undefined, older, now, 'en-GB')).toMatch(/^Friday,? 20 November$/);
    expect(dayDivider(undefined, lastYear, now, 'en-GB')).toMatch(/^Thursday,? 2 January 2025$/);
  });

  it('starts a new group on a new day, even for the same sender', () => {
    const late = at(new Date(2026, 11, 6, 23, 59).toISOString());
    const early = at(new Date(2026, 11, 7, 0, 1).toISOString());
    expect(startsGroup(late, early)).toBe(true);
  });
});
