import type { RoomDto } from './dto/room-response.dto';

/** Published by RoomsService once the change is committed; Realtime turns them into events. */
export const RoomEvent = {
  Created: 'room.created',
  Updated: 'room.updated',
} as const;

/** Public rooms only, without membership: `room:created` goes to every connected socket. */
export interface RoomCreatedEvent {
  room: RoomDto;
}

/** Name or description changed: `room:updated` (room, no membership) to the room. */
export interface RoomUpdatedEvent {
  roomId: string;
  room: RoomDto;
  byUserId: string;
}
