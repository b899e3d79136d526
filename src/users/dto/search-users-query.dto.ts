import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ToNonNegativeInteger } from '../../common/validation';

export class SearchUsersQuery {
  /** Username prefix, any case; empty or missing lists everyone by username. */
  @IsOptional()
  @IsString()
  @MaxLength(32)
  q?: string;

  /** 1–50, default 20. */
  @IsOptional()
  @ToNonNegativeInteger()
  @IsInt({ message: 'limit must be an integer between 1 and 50' })
  @Min(1, { message: 'limit must be an integer between 1 and 50' })
  @Max(50, { message: 'limit must be an integer between 1 and 50' })
  limit?: number;
}
