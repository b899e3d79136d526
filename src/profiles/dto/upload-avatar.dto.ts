import { ApiProperty } from '@nestjs/swagger';

/** OpenAPI only: the multipart body of an avatar upload (streamed, never parsed by a pipe). */
export class UploadAvatarDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'A PNG, JPEG, GIF or WebP image of at most 10 MiB',
  })
  file: unknown;
}
