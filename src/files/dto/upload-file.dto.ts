import { ApiProperty } from '@nestjs/swagger';

/** OpenAPI only: the multipart body of an upload (the bytes are streamed, never parsed by a pipe). */
export class UploadFileDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'The file; at most FILES_MAX_BYTES',
  })
  file: unknown;
}
