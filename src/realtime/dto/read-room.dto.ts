import { IsInt, Min } from 'class-validator';
import { IsId } from '../../common/validation';

/** `room:read`: move the caller's read marker in a room. */
export class ReadRoomDto {
  @IsId({ message: 'roomId must be a UUID' })
  roomId: string;

  @IsInt({ message: 'seq must be a non-negative integer' })
  @Min(0, { message: 'seq must be a non-negative integer' })
  seq: number;
}
