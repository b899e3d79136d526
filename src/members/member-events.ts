import type { RoomKind } from '../rooms/room.entity';
import type { RoomResponseDto } from '../rooms/dto/room-response.dto';
import type { MemberDto } from './dto/member-response.dto';

/**
 * Membership changes, published after their transaction commits. The realtime module turns
 * them into `room:added`, `room:removed` and `room:member`, makes removed users' sockets leave
 * the room, and drops cached memberships.
 */
export const MemberEvent = {
  Added: 'member.added',
  Updated: 'member.updated',
  Removed: 'member.removed',
} as const;

/**
 * How a user became a member: `created` (the creator of a private room; public rooms are
 * announced by room.created instead), `added` (by an owner or admin), `direct` (a participant
 * of a new direct room), `joined` (a public room, by room:join or by posting).
 */
export type MemberAddedReason = 'created' | 'added' | 'direct' | 'joined';

/** `room:added` (room) to userId's sockets; `room:member` { roomId, userId, member } to the room. */
export interface MemberAddedEvent {
  roomId: string;
  userId: string;
  member: MemberDto;
  /** The room as userId sees it, with their membership: the `room:added` payload. */
  room: RoomResponseDto;
  reason: MemberAddedReason;
  /** Who did it (userId itself for created, direct by the caller, and joined). */
  byUserId: string;
}

/** A role changed: `room:member` { roomId, userId, member } to the room. */
export interface MemberUpdatedEvent {
  roomId: string;
  userId: string;
  member: MemberDto;
  byUserId: string;
}

/**
 * userId is no longer a member: their sockets leave the room at once (every instance) and get
 * `room:removed` { roomId }; the room gets `room:member` { roomId, userId, member: null } and
 * presence `left`.
 */
export interface MemberRemovedEvent {
  roomId: string;
  userId: string;
  kind: RoomKind;
  reason: 'left' | 'removed' | 'banned';
  byUserId: string;
}
