import type { IncomingMessage } from 'node:http';
import {
  Controller,
  Get,
  Headers,
  Param,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { HttpResponse } from '../http/http-types';
import { AuthUser, CurrentUser, Public } from '../common/auth.decorators';
import {
  ApiNeedsAccessToken,
  ErrorResponseDto,
  ValidationErrorResponseDto,
} from '../common/errors/error-response.dto';
import { RoomIdParams } from '../rooms/dto/room-id-params.dto';
import { FileIdParams } from './dto/file-id-params.dto';
import { FileResponseDto } from './dto/file-response.dto';
import { SignedUrlQuery } from './dto/signed-url-query.dto';
import { UploadFileDto } from './dto/upload-file.dto';
import type { FileVariant } from './file-urls';
import { sendFileContent } from './file-response-headers';
import { FilesService } from './files.service';

@ApiTags('files')
@Controller()
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Post('rooms/:id/files')
  @ApiNeedsAccessToken()
  @ApiOperation({
    summary: 'Upload a file to a room',
    description:
      'Multipart, field `file`, streamed. The type comes from the bytes, not from the client. Images (PNG, JPEG, GIF, WebP) get `width`, `height` and a thumbnail, made after the reply if not ready within a moment. Attach it to a message with `fileIds` on send; a file not attached within 24 hours is removed.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadFileDto })
  @ApiCreatedResponse({ type: FileResponseDto })
  @ApiBadRequestResponse({
    type: ValidationErrorResponseDto,
    description: 'Room id is not a UUID, or no multipart field `file`',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such room' })
  @ApiPayloadTooLargeResponse({
    type: ErrorResponseDto,
    description: 'Larger than FILES_MAX_BYTES, or over the uploader’s quota (FILES_QUOTA_BYTES)',
  })
  @ApiTooManyRequestsResponse({
    type: ErrorResponseDto,
    description: 'More than FILES_UPLOAD_RATE_PER_MINUTE uploads within a minute; see Retry-After',
  })
  upload(
    @CurrentUser() caller: AuthUser,
    @Param() params: RoomIdParams,
    @Req() request: IncomingMessage,
  ): Promise<FileResponseDto> {
    return this.files.upload(caller, params.id, request);
  }

  @Get('files/:id')
  @ApiNeedsAccessToken()
  @ApiOperation({
    summary: 'One file, with fresh signed URLs',
    description:
      'For members of the file’s room; an unattached file only for its uploader. Anyone else gets 404.',
  })
  @ApiOkResponse({ type: FileResponseDto })
  @ApiBadRequestResponse({ type: ValidationErrorResponseDto, description: 'id is not a UUID' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@CurrentUser() caller: AuthUser, @Param() params: FileIdParams): Promise<FileResponseDto> {
    return this.files.get(caller, params.id);
  }

  @Public()
  @Get('files/:id/content')
  @ApiOperation({
    summary: 'The bytes of a file (signed URL)',
    description:
      'The `url` of a File; the signature is the authorization. Supports `Range`. Sent with `X-Content-Type-Options: nosniff`, `Content-Security-Policy: sandbox`, `Content-Disposition: attachment` unless PNG, JPEG, GIF or WebP, and a `Cache-Control` max-age that ends when the signature does.',
  })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file' })
  @ApiForbiddenResponse({
    type: ErrorResponseDto,
    description: 'Missing, wrong or expired signature',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'The file was removed' })
  content(
    @Param() params: FileIdParams,
    @Query() query: SignedUrlQuery,
    @Headers('range') range: string | undefined,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<StreamableFile> {
    return this.send('content', params, query, range, response);
  }

  @Public()
  @Get('files/:id/thumbnail')
  @ApiOperation({
    summary: 'The thumbnail of an image (signed URL)',
    description: 'The `thumbnailUrl` of a File: WebP, fits in 400 × 400. Headers as for content.',
  })
  @ApiProduces('image/webp')
  @ApiOkResponse({ description: 'The thumbnail' })
  @ApiForbiddenResponse({
    type: ErrorResponseDto,
    description: 'Missing, wrong or expired signature',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such file or thumbnail' })
  thumbnail(
    @Param() params: FileIdParams,
    @Query() query: SignedUrlQuery,
    @Headers('range') range: string | undefined,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<StreamableFile> {
    return this.send('thumbnail', params, query, range, response);
  }

  private send(
    variant: FileVariant,
    params: FileIdParams,
    query: SignedUrlQuery,
    range: string | undefined,
    response: HttpResponse,
  ): Promise<StreamableFile> {
    return sendFileContent(response, () => this.files.content(params.id, variant, query, range));
  }
}
