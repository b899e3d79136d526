import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { CodePointLength, HasVisibleCharacter, IsId, Trim } from '../../common/validation';

export class CreateMessageDto {
  /** 1–4000 characters after trimming; inner whitespace and newlines are kept. */
  @Trim()
  @IsString()
  @CodePointLength(1, 4000)
  @HasVisibleCharacter()
  @ApiProperty({ minLength: 1, maxLength: 4000 })
  body: string;

  /**
   * Your idempotency key (1–64 characters), unique across all your messages: sending it
   * again returns the stored message instead of creating a second one.
   */
  @IsOptional()
  @IsString()
  @CodePointLength(1, 64, { message: 'clientMsgId must be between 1 and 64 characters long' })
  @ApiProperty({ required: false, nullable: true, type: String, minLength: 1, maxLength: 64 })
  clientMsgId?: string | null;

  /** The id of the message of the same room that this one answers. */
  @IsOptional()
  @IsId({ message: 'replyToId must be a UUID' })
  @ApiProperty({ required: false, nullable: true, type: String, format: 'uuid' })
  replyToId?: string | null;
}
