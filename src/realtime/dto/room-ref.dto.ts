import { IsUUID } from 'class-validator';

/** A socket payload naming a room. */
export class RoomRefDto {
  @IsUUID('all', { message: 'roomId must be a UUID' })
  roomId: string;
}
