import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Matches, MaxLength } from 'class-validator';
import { CodePointLength } from '../../common/validation';

export class RegisterDto {
  /** 3–32 characters of letters, digits, `_`, `.` and `-`; unique case-insensitively. */
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{3,32}$/, {
    message: 'username must be 3 to 32 characters of letters, digits, "_", "." or "-"',
  })
  @ApiProperty({ minLength: 3, maxLength: 32, pattern: '^[A-Za-z0-9_.-]{3,32}$' })
  username: string;

  /** Unique case-insensitively; stored lower-cased. */
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be a valid email address' })
  email: string;

  /** 8–128 characters. */
  @IsString()
  @CodePointLength(8, 128, { message: 'password must be between 8 and 128 characters long' })
  @ApiProperty({ minLength: 8, maxLength: 128 })
  password: string;
}
