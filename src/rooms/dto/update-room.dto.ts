import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { CodePointLength, HasVisibleCharacter, Trim } from '../../common/validation';

export class UpdateRoomDto {
  /** 1–64 characters after trimming; unique case-insensitively. */
  @IsOptional()
  @Trim()
  @IsString()
  @CodePointLength(1, 64)
  @HasVisibleCharacter()
  @ApiProperty({ required: false, minLength: 1, maxLength: 64 })
  name?: string;

  /** Up to 500 characters. */
  @IsOptional()
  @Trim()
  @IsString()
  @CodePointLength(0, 500, { message: 'description must be at most 500 characters long' })
  @ApiProperty({ required: false, maxLength: 500 })
  description?: string;
}
