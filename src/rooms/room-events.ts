import type { RoomResponseDto } from './dto/room-response.dto';

/** Published by RoomsService once the room is committed; Realtime sends `room:created`. */
export const ROOM_CREATED = 'room.created';

export interface RoomCreatedEvent {
  room: RoomResponseDto;
}
