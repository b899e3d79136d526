import type { Room, User } from '../../core/api/api-types';
import { kindOf } from '../rooms/room-sections';

export type SwitcherItem =
  | { type: 'room'; id: string; label: string; room: Room }
  | { type: 'person'; id: string; label: string; user: User };

/** Rooms shown at most, so the list stays one glance long. */
export const MAX_ROOM_ITEMS = 8;

/** 0 for a label starting with the query, 1 for a word in it starting so, 2 for anywhere, -1 for none. */
function rank(label: string, query: string): number {
  const text = label.toLowerCase();
  const index = text.indexOf(query);
  if (index === -1) return -1;
  if (index === 0) return 0;
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(query)}`, 'u').test(text) ? 1 : 2;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What the quick switcher offers for a query: matching rooms (best match first, then the
 * list's own order, newest activity first), then people from the directory who have no
 * one-to-one conversation among those rooms. An empty query offers the recent rooms.
 */
export function switcherItems(
  query: string,
  rooms: readonly Room[],
  people: readonly User[],
  labelOf: (room: Room) => string,
  myId: string | undefined,
): SwitcherItem[] {
  const wanted = query.trim().replace(/^[#@]/, '').toLowerCase();
  const roomItems = rooms
    .map((room, order) => ({
      room,
      order,
      label: labelOf(room),
      rank: rank(labelOf(room), wanted),
    }))
    .filter((entry) => entry.rank !== -1)
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .slice(0, MAX_ROOM_ITEMS)
    .map(({ room, label }): SwitcherItem => ({ type: 'room', id: room.id, label, room }));
  if (wanted === '') return roomItems;
  const talkedTo = new Set(
    roomItems.flatMap((item) => (item.type === 'room' ? oneToOnePartner(item.room, myId) : [])),
  );
  const personItems = people
    .filter((user) => user.id !== myId && !talkedTo.has(user.id))
    .map((user): SwitcherItem => ({ type: 'person', id: user.id, label: user.username, user }));
  return [...roomItems, ...personItems];
}

/** The other person of a direct room of two, or nobody. */
function oneToOnePartner(room: Room, myId: string | undefined): string[] {
  if (kindOf(room) !== 'direct') return [];
  const others = (room.members ?? []).filter((m) => m.id !== myId);
  return others.length === 1 ? [others[0].id] : [];
}
