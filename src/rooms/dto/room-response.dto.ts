import type { UserEntity } from '../../accounts/user.entity';
import type { RoomEntity } from '../room.entity';

export class UserRefDto {
  id: string;
  username: string;
}

export class RoomResponseDto {
  id: string;
  /**
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
}

export function toUserRef(user: Pick<UserEntity, 'id' | 'username'>): UserRefDto {
  return { id: user.id, username: user.username };
}

/** The creator comes from `room.createdBy` when loaded with the room, or is given. */
export function toRoomResponse(
  room: RoomEntity,
  creator: Pick<UserEntity, 'id' | 'username'> | undefined = room.createdBy,
): RoomResponseDto {
  if (!creator) throw new Error(`room ${room.id} was mapped without its creator`);
  return {
    id: room.id,
    name: room.name,
    description: room.description,
    createdBy: toUserRef(creator),
    createdAt: room.createdAt.toISOString(),
    lastSeq: room.lastSeq,
  };
}
