import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ToNonNegativeInteger } from '../../common/validation';

export class ListMembersQuery {
  /** The last username of the previous page: members after it, by username. */
  @IsOptional()
  @IsString()
  @MaxLength(32)
  after?: string;

  /** 1–100, default 50. */
  @IsOptional()
  @ToNonNegativeInteger()
  @IsInt({ message: 'limit must be an integer between 1 and 100' })
  @Min(1, { message: 'limit must be an integer between 1 and 100' })
  @Max(100, { message: 'limit must be an integer between 1 and 100' })
  limit?: number;
}
