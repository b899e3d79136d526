import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CodePointLength, IsId, ToNonNegativeInteger, Trim } from '../../common/validation';

export class SearchQuery {
  /**
   * Words to find, all of them, each by word prefix, any case and accents; `"a phrase"` finds
   * those words in a row. 1–200 characters.
   */
  @IsString({ message: 'q must be a string' })
  @Trim()
  @CodePointLength(1, 200, { message: 'q must be between 1 and 200 characters and not blank' })
  q: string;

  /** Only this room (a room you cannot see is 404). */
  @IsOptional()
  @IsId({ message: 'roomId must be a UUID' })
  roomId?: string;

  /** Only messages sent by this username (any case). */
  @IsOptional()
  @IsString({ message: 'from must be a username' })
  @MinLength(1, { message: 'from must be a username' })
  @MaxLength(32, { message: 'from must be a username (at most 32 characters)' })
  from?: string;

  /** `nextCursor` of the previous page: results older than it. */
  @IsOptional()
  @IsString({ message: 'before must be a cursor from a previous search' })
  @MaxLength(200, { message: 'before must be a cursor from a previous search' })
  before?: string;

  /** 1–50, default 20. */
  @IsOptional()
  @ToNonNegativeInteger()
  @IsInt({ message: 'limit must be an integer between 1 and 50' })
  @Min(1, { message: 'limit must be an integer between 1 and 50' })
  @Max(50, { message: 'limit must be an integer between 1 and 50' })
  limit?: number;
}
