import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { CodePointLength } from '../../common/validation';

export class ChangePasswordDto {
  @IsString()
  @MaxLength(1024)
  @ApiProperty({ maxLength: 1024 })
  currentPassword: string;

  /** 8–128 characters, as at registration. */
  @IsString()
  @CodePointLength(8, 128, { message: 'newPassword must be between 8 and 128 characters long' })
  @ApiProperty({ minLength: 8, maxLength: 128 })
  newPassword: string;
}
