import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, ValidateIf } from 'class-validator';
import { CodePointLength, HasVisibleCharacter, IsId, Trim } from '../../common/validation';

/** A send with files may leave the body empty (or out); a send without files may not. */
function requiresBody(dto: { body?: unknown; fileIds?: unknown }): boolean {
  const hasFiles = Array.isArray(dto.fileIds) && dto.fileIds.length > 0;
  return !hasFiles || (dto.body !== undefined && dto.body !== null && dto.body !== '');
}

export class CreateMessageDto {
  /**
   * 1–4000 characters after trimming; inner whitespace and newlines are kept. May be empty
   * (or left out) when `fileIds` names at least one file.
   */
  @Trim()
  @ValidateIf(requiresBody)
  @IsString()
  @CodePointLength(1, 4000)
  @HasVisibleCharacter()
  @ApiProperty({ minLength: 0, maxLength: 4000 })
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

  /**
   * Files to attach (at most 10): uploaded by you to this room with `POST /api/rooms/:id/files`
   * and not attached to a message yet.
   */
  @IsOptional()
  @IsArray({ message: 'fileIds must be an array of file ids' })
  @ArrayMaxSize(10, { message: 'fileIds must name at most 10 files' })
  @IsId({ each: true, message: 'fileIds must be file ids (UUIDs)' })
  @ApiProperty({ required: false, type: [String], format: 'uuid', maxItems: 10 })
  fileIds?: string[];
}
