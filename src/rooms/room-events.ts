import type { RoomDto } from './dto/room-response.dto';

/** Room changes other than creation (DomainEvent.RoomCreated), published after commit. */
export const RoomEvent = {
  Updated: 'room.updated',
} as const;

/** Name or description changed: `room:updated` (room, no membership) to the room. */
export interface RoomUpdatedEvent {
  roomId: string;
  room: RoomDto;
  byUserId: string;
}
