import { ALICE } from '../../testing/chat-test-bed';
import { aDirectRoom, aRoom, BOB, CAROL } from '../../testing/rooms';
import { mergeRoom, roomLabel, roomSections } from './room-sections';

describe('roomSections', () => {
  it('puts member rooms under Rooms, direct ones under Direct messages, the rest to browse', () => {
    const list = [
      aRoom('general'),
      aDirectRoom('dm-bob', [BOB]),
      aRoom('secret', { kind: 'private' }),
      aRoom('zeta', { name: 'zeta', membership: null }),
      aRoom('alpha', { name: 'alpha', membership: null }),
    ];
    const sections = roomSections(list);
    expect(sections.rooms.map((r) => r.id)).toEqual(['general', 'secret']);
    expect(sections.direct.map((r) => r.id)).toEqual(['dm-bob']);
    expect(sections.browse.map((r) => r.id)).toEqual(['alpha', 'zeta']);
  });

  it('takes a v1 room (no kind, no membership) as a public room everyone is in', () => {
    const v1 = aRoom('old');
    delete (v1 as Partial<typeof v1>).kind;
    delete v1.membership;
    expect(roomSections([v1]).rooms.map((r) => r.id)).toEqual(['old']);
  });
});

describe('roomLabel', () => {
  it('names a direct room by the other participants', () => {
    expect(roomLabel(aDirectRoom('d', [BOB, CAROL]), ALICE.id)).toBe('bob, carol');
    expect(roomLabel(aRoom('r', { name: 'design' }), ALICE.id)).toBe('design');
  });
});

describe('mergeRoom', () => {
  it('keeps the held membership when an event carries none', () => {
    const held = aRoom('r', {
      membership: { role: 'owner', lastReadSeq: 3, unread: 0, mentions: 0, notify: 'all' },
    });
    const renamed = aRoom('r', { name: 'renamed' });
    delete renamed.membership;
    const merged = mergeRoom(held, renamed);
    expect(merged.name).toBe('renamed');
    expect(merged.membership?.role).toBe('owner');
  });

  it('takes the fallback for a room first seen without a membership', () => {
    const created = aRoom('r');
    delete created.membership;
    expect(mergeRoom(undefined, created).membership).toBeNull();
  });
});
