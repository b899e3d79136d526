import { ApiProperty } from '@nestjs/swagger';
import { avatarUrlOf, displayNameOf, type UserCard } from '../../accounts/user-card';
import {
  MEMBER_ROLES,
  NOTIFY_LEVELS,
  type MemberRole,
  type NotifyLevel,
} from '../../members/room-member.entity';
import type { UrlSigner } from '../../common/signed-urls/url-signer';
import type { RoomEntity, RoomKind } from '../room.entity';

export const ROOM_KINDS: readonly RoomKind[] = ['public', 'private', 'direct'];

export class UserRefDto {
  id: string;
  username: string;
  /** What to show; defaults to the username. User text: display it, never trust it. */
  displayName: string;
  /**
   * A square image of at most 256 × 256, or null: a signed URL like a file's (its own
   * authorization, valid for an hour or more), made afresh with every user object sent.
   */
  @ApiProperty({ type: String, nullable: true })
  avatarUrl: string | null;
}

/** The caller's own membership of a room. */
export class MembershipDto {
  @ApiProperty({ enum: MEMBER_ROLES })
  role: MemberRole;
  /** Messages up to this seq are read. */
  lastReadSeq: number;
  /** Messages after lastReadSeq sent by others and not deleted (exact, uncapped). */
  unread: number;
  /** Those of them that mention the caller; in a direct room, all of them. */
  mentions: number;
  @ApiProperty({ enum: NOTIFY_LEVELS })
  notify: NotifyLevel;
}

/** A room as everyone may see it: what events sent to many users carry (no membership). */
export class RoomDto {
  id: string;
  /**
   * "" for a direct room.
   * @example "general"
   */
  name: string;
  /** "" when none was given. */
  description: string;
  createdBy: UserRefDto;
  /** ISO 8601 UTC. */
  createdAt: string;
  /** Seq of the newest message; 0 when the room is empty. */
  lastSeq: number;
  @ApiProperty({ enum: ROOM_KINDS })
  kind: RoomKind;
  /** The room's change counter (edits, deletions, reactions); 0 when nothing changed. */
  lastChange: number;
  memberCount: number;
  /** Direct rooms only: every participant. */
  @ApiProperty({ type: [UserRefDto], required: false })
  members?: UserRefDto[];
}

/** A room as the caller sees it: with their own membership. */
export class RoomResponseDto extends RoomDto {
  /** The caller's membership; null when not a member (only possible in a public room). */
  @ApiProperty({ type: MembershipDto, nullable: true })
  membership: MembershipDto | null;
}

export function toUserRef(user: UserCard, signer: UrlSigner): UserRefDto {
  return {
    id: user.id,
    username: user.username,
    displayName: displayNameOf(user),
    avatarUrl: avatarUrlOf(user, signer),
  };
}

/** A room with what its reply needs beyond the row; read in one query (RoomsRepository). */
export interface RoomView {
  room: Omit<RoomEntity, 'createdBy' | 'nameKey' | 'directKey' | 'lastActivityAt'>;
  creator: UserCard;
  memberCount: number;
  membership: MembershipDto | null;
  /** Direct rooms: the participants, by username. */
  directMembers?: UserCard[];
}

export function toRoomDto(
  { room, creator, memberCount, directMembers }: RoomView,
  signer: UrlSigner,
): RoomDto {
  const dto: RoomDto = {
    id: room.id,
    name: room.name,
    description: room.description,
    createdBy: toUserRef(creator, signer),
    createdAt: room.createdAt.toISOString(),
    lastSeq: room.lastSeq,
    kind: room.kind,
    lastChange: room.lastChange,
    memberCount,
  };
  if (room.kind === 'direct')
    dto.members = (directMembers ?? []).map((user) => toUserRef(user, signer));
  return dto;
}

export function toRoomResponse(view: RoomView, signer: UrlSigner): RoomResponseDto {
  const { membership } = view;
  // Extended in place rather than spread into a new object: room lists make hundreds.
  const dto = toRoomDto(view, signer) as RoomResponseDto;
  dto.membership = membership && {
    role: membership.role,
    lastReadSeq: membership.lastReadSeq,
    unread: membership.unread,
    // In a direct room every unread message counts as a mention.
    mentions: view.room.kind === 'direct' ? membership.unread : membership.mentions,
    notify: membership.notify,
  };
  return dto;
}
