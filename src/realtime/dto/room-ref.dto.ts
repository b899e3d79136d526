import { IsId } from '../../common/validation';

/** A socket payload naming a room. */
export class RoomRefDto {
  @IsId({ message: 'roomId must be a UUID' })
  roomId: string;
}
