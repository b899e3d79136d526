import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CodePointLength, HasVisibleCharacter, Trim } from '../../common/validation';

export class UpdateProfileDto {
  /**
   * 1–64 characters after trimming, with a visible one; no control characters. Shown to
   * others instead of the username.
   * @example "Alice Liddell"
   */
  @IsOptional()
  @Trim()
  @IsString()
  @CodePointLength(1, 64, { message: 'displayName must be 1 to 64 characters long' })
  @HasVisibleCharacter()
  // Newlines and tabs too (the global input check lets them through for message bodies).
  @Matches(/^\P{Cc}*$/u, { message: 'displayName must not contain control characters' })
  @ApiProperty({ required: false, minLength: 1, maxLength: 64 })
  displayName?: string;

  /** Unique case-insensitively; stored lower-cased. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @ApiProperty({ required: false, maxLength: 254 })
  email?: string;
}
