import type { Member, MemberRole, Room, UserRef } from '../core/api/api-types';
import { ALICE } from './chat-test-bed';

const createdAt = '2026-01-01T00:00:00.000Z';
export const BOB = { id: 'u-bob', username: 'bob', createdAt, displayName: 'bob', avatarUrl: null };
export const CAROL = {
  id: 'u-carol',
  username: 'carol',
  createdAt,
  displayName: 'carol',
  avatarUrl: null,
};

/** A v2 room Alice is a member of; tests state only what they care about. */
export function aRoom(id: string, overrides: Partial<Room> = {}): Room {
  return {
    id,
    name: `room ${id}`,
    description: '',
    createdBy: {
      id: ALICE.id,
      username: ALICE.username,
      displayName: ALICE.username,
      avatarUrl: null,
    },
    createdAt: '2026-01-01T00:00:00.000Z',
    lastSeq: 0,
    kind: 'public',
    lastChange: 0,
    memberCount: 1,
    membership: { role: 'member', lastReadSeq: 0, unread: 0, mentions: 0, notify: 'mentions' },
    ...overrides,
  };
}

export function aDirectRoom(id: string, people: UserRef[]): Room {
  return aRoom(id, {
    name: '',
    kind: 'direct',
    memberCount: people.length + 1,
    members: [
      { id: ALICE.id, username: ALICE.username, displayName: ALICE.username, avatarUrl: null },
      ...people,
    ],
  });
}

export function aMember(user: UserRef, role: MemberRole = 'member'): Member {
  return {
    user: { id: user.id, username: user.username, displayName: user.username, avatarUrl: null },
    role,
    joinedAt: '2026-01-01T00:00:00.000Z',
  };
}
