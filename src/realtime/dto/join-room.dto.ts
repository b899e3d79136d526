import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_SEQ } from '../../common/validation';
import { RoomRefDto } from './room-ref.dto';

export class JoinRoomDto extends RoomRefDto {
  /** The last seq the client holds; the ack then carries the messages after it. */
  @IsOptional()
  @IsInt({ message: 'afterSeq must be a non-negative integer' })
  @Min(0, { message: 'afterSeq must be a non-negative integer' })
  @Max(MAX_SEQ, { message: `afterSeq must be at most ${MAX_SEQ}` })
  afterSeq?: number;

  /** The last change number the client holds; the ack then carries the messages changed after it. */
  @IsOptional()
  @IsInt({ message: 'afterChange must be a non-negative integer' })
  @Min(0, { message: 'afterChange must be a non-negative integer' })
  @Max(MAX_SEQ, { message: `afterChange must be at most ${MAX_SEQ}` })
  afterChange?: number;
}
