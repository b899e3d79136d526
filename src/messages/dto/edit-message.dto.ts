import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { CodePointLength, HasVisibleCharacter, Trim } from '../../common/validation';

/**
 * A new body, under the rules of a send: 1–4000 characters after trimming, or empty for a
 * message with files (MessagesService.edit checks that, as a send's body may be empty only
 * beside files).
 */
export class EditMessageDto {
  @Trim()
  @IsString()
  @CodePointLength(0, 4000, { message: 'body must be at most 4000 characters long' })
  @HasVisibleCharacter()
  @ApiProperty({
    minLength: 0,
    maxLength: 4000,
    description:
      '1–4000 characters after trimming; empty only for a message with files (then it shows the files alone).',
  })
  body: string;
}
