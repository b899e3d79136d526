import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ToNonNegativeInteger } from '../../common/validation';

/** Most rooms one reply of GET /api/rooms holds; the rest come page by page. */
export const ROOM_LIST_MAX = 1000;
const LIMIT = `limit must be an integer between 1 and ${ROOM_LIST_MAX}`;

export class ListRoomsQuery {
  /** true: only rooms the caller is a member of; otherwise also every public room. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean({ message: 'member must be true or false' })
  @ApiProperty({ required: false, type: Boolean })
  member?: boolean;

  /** Rooms per page (1–1000, default 1000); `X-Next-Cursor` says where the next page starts. */
  @IsOptional()
  @ToNonNegativeInteger()
  @IsInt({ message: LIMIT })
  @Min(1, { message: LIMIT })
  @Max(ROOM_LIST_MAX, { message: LIMIT })
  @ApiProperty({ required: false, minimum: 1, maximum: ROOM_LIST_MAX, default: ROOM_LIST_MAX })
  limit?: number;

  /** The `X-Next-Cursor` of the previous page. */
  @IsOptional()
  @IsString()
  @MaxLength(2000, { message: 'cursor must be a cursor from a previous page (X-Next-Cursor)' })
  @ApiProperty({ required: false })
  cursor?: string;
}
