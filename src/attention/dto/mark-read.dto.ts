import { IsInt, Min } from 'class-validator';

/** `POST /api/rooms/:id/read`: move your read marker up to `seq`. */
export class MarkReadDto {
  /** A seq of the room (0..lastSeq): messages up to it count as read. A lower one changes nothing. */
  @IsInt({ message: 'seq must be a non-negative integer' })
  @Min(0, { message: 'seq must be a non-negative integer' })
  seq: number;
}
