import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ToNonNegativeInteger } from '../../common/validation';

export class ListChangesQuery {
  /** The room's last change number the client holds (0: every change). */
  @IsOptional()
  @ToNonNegativeInteger()
  @IsInt({ message: 'after must be a non-negative integer' })
  @Min(0, { message: 'after must be a non-negative integer' })
  after?: number;

  /** 1–100, default 50. */
  @IsOptional()
  @ToNonNegativeInteger()
  @IsInt({ message: 'limit must be an integer between 1 and 100' })
  @Min(1, { message: 'limit must be an integer between 1 and 100' })
  @Max(100, { message: 'limit must be an integer between 1 and 100' })
  limit?: number;
}
