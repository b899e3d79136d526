import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_SEQ, NotWith, ToNonNegativeInteger } from '../../common/validation';

const NON_NEGATIVE = 'must be a non-negative integer';

export class ListMessagesQuery {
  /** Messages with seq below this, newest of them first in the page (older history). */
  @IsOptional()
  @ToNonNegativeInteger()
  @IsInt({ message: `before ${NON_NEGATIVE}` })
  @Min(0, { message: `before ${NON_NEGATIVE}` })
  @Max(MAX_SEQ, { message: `before must be at most ${MAX_SEQ}` })
  before?: number;

  /** Messages with seq above this, oldest first (catching up). Not together with `before`. */
  @IsOptional()
  @NotWith('before', { message: 'before and after cannot be used together' })
  @ToNonNegativeInteger()
  @IsInt({ message: `after ${NON_NEGATIVE}` })
  @Min(0, { message: `after ${NON_NEGATIVE}` })
  @Max(MAX_SEQ, { message: `after must be at most ${MAX_SEQ}` })
  after?: number;

  /**
   * Jumping to a message: the page with this seq at index ⌊limit/2⌋ (where the room has
   * enough on both sides), ascending. Not together with `before` or `after`.
   */
  @IsOptional()
  @NotWith('before', { message: 'around cannot be used together with before or after' })
  @NotWith('after', { message: 'around cannot be used together with before or after' })
  @ToNonNegativeInteger()
  @IsInt({ message: `around ${NON_NEGATIVE}` })
  @Min(0, { message: `around ${NON_NEGATIVE}` })
  @Max(MAX_SEQ, { message: `around must be at most ${MAX_SEQ}` })
  around?: number;

  /** 1–100, default 50. */
  @IsOptional()
  @ToNonNegativeInteger()
  @IsInt({ message: 'limit must be an integer between 1 and 100' })
  @Min(1, { message: 'limit must be an integer between 1 and 100' })
  @Max(100, { message: 'limit must be an integer between 1 and 100' })
  limit?: number;
}
