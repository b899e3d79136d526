import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { CodePointLength, HasVisibleCharacter, Trim } from '../../common/validation';

export class CreateRoomDto {
  /**
   * 1–64 characters after trimming; unique case-insensitively.
   * @example "general"
   */
  @Trim()
  @IsString()
  @CodePointLength(1, 64)
  @HasVisibleCharacter()
  @ApiProperty({ minLength: 1, maxLength: 64 })
  name: string;

  /** Up to 500 characters; defaults to "". */
  @IsOptional()
  @Trim()
  @IsString()
  @CodePointLength(0, 500, { message: 'description must be at most 500 characters long' })
  @ApiProperty({ required: false, maxLength: 500, default: '' })
  description?: string;

  /** A private room exists only for its members. Direct rooms come from POST /api/direct. */
  @IsOptional()
  @IsIn(['public', 'private'], { message: 'kind must be "public" or "private"' })
  @ApiProperty({ required: false, enum: ['public', 'private'], default: 'public' })
  kind?: 'public' | 'private';
}
