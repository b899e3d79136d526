import type { Room } from '../../core/api/api-types';

export interface RoomSections {
  /** Public and private rooms the caller is a member of, newest activity first. */
  rooms: Room[];
  /** Direct conversations, newest activity first. */
  direct: Room[];
  /** Public rooms the caller could join, by name. */
  browse: Room[];
}

/**
 * A v1 server sends no `membership` (everyone is in every room); a v2 server sends `null` for
 * a public room the caller has not joined.
 */
export function isMember(room: Room): boolean {
  return room.membership !== null;
}

/** A room without a `kind` comes from a v1 server, where every room is public. */
export function kindOf(room: Room): Room['kind'] {
  return (room as Partial<Room>).kind ?? 'public';
}

export function roomSections(list: readonly Room[]): RoomSections {
  const sections: RoomSections = { rooms: [], direct: [], browse: [] };
  for (const room of list) {
    if (!isMember(room)) {
      if (kindOf(room) === 'public') sections.browse.push(room);
    } else if (kindOf(room) === 'direct') {
      sections.direct.push(room);
    } else {
      sections.rooms.push(room);
    }
  }
  sections.browse.sort((a, b) => a.name.localeCompare(b.name));
  return sections;
}

/** What a room is called: its name, or for a direct room the other participants' usernames. */
export function roomLabel(room: Room, myId: string | undefined): string {
  if (kindOf(room) !== 'direct') return room.name;
  const others = (room.members ?? []).filter((m) => m.id !== myId).map((m) => m.username);
  return others.length > 0 ? others.join(', ') : 'Just you';
}

/**
 * An incoming room over the one held: `room:created` and `room:updated` carry no `membership`,
 * so the caller's own is kept; a room first seen without one is taken as `fallback`.
 */
export function mergeRoom(
  held: Room | undefined,
  incoming: Room,
  fallback: Room['membership'] = null,
): Room {
  const membership =
    incoming.membership !== undefined ? incoming.membership : held ? held.membership : fallback;
  return { ...held, ...incoming, membership };
}
