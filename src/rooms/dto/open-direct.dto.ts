import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { IsId } from '../../common/validation';

export class OpenDirectDto {
  /**
   * The other participants: 1–8 distinct users once the caller and repeats are dropped.
   */
  @IsArray()
  @ArrayMinSize(1, { message: 'userIds must name 1 to 8 other users' })
  @ArrayMaxSize(20, { message: 'userIds must name 1 to 8 other users' })
  @IsId({ each: true, message: 'userIds must be user ids (UUIDs)' })
  @ApiProperty({ type: [String], minItems: 1, maxItems: 20 })
  userIds: string[];
}
