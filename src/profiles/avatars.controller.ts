import type { IncomingMessage } from 'node:http';
import {
  Controller,
  Delete,
  Get,
  Param,
  Put,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { OwnUserResponseDto } from '../accounts/dto/user-response.dto';
import { AuthUser, CurrentUser, Public } from '../common/auth.decorators';
import {
  ApiNeedsAccessToken,
  ErrorResponseDto,
  ValidationErrorResponseDto,
} from '../common/errors/error-response.dto';
import { sendFileContent } from '../files/file-response-headers';
import type { HttpResponse } from '../http/http-types';
import { AvatarsService } from './avatars.service';
import { AvatarUrlQuery } from './dto/avatar-url-query.dto';
import { UploadAvatarDto } from './dto/upload-avatar.dto';
import { UserIdParams } from './dto/user-id-params.dto';

@ApiTags('auth')
@Controller()
export class AvatarsController {
  constructor(private readonly avatars: AvatarsService) {}

  @Put('auth/me/avatar')
  @ApiNeedsAccessToken()
  @ApiOperation({
    summary: 'Set your avatar',
    description:
      'Multipart, field `file`: a PNG, JPEG, GIF or WebP image (the type comes from the bytes). Stored cropped to its central square, at most 256 × 256, as WebP without metadata. Everyone sharing a room with you hears of it as `user:updated`.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadAvatarDto })
  @ApiOkResponse({ type: OwnUserResponseDto })
  @ApiBadRequestResponse({
    type: ValidationErrorResponseDto,
    description: 'No multipart field `file`, or not a readable image',
  })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'Larger than 10 MiB' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'Too many changes' })
  upload(
    @CurrentUser() caller: AuthUser,
    @Req() request: IncomingMessage,
  ): Promise<OwnUserResponseDto> {
    return this.avatars.upload(caller, request);
  }

  @Delete('auth/me/avatar')
  @ApiNeedsAccessToken()
  @ApiOperation({
    summary: 'Remove your avatar',
    description: 'Everyone sharing a room with you hears of it as `user:updated`.',
  })
  @ApiOkResponse({ type: OwnUserResponseDto })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'Too many changes' })
  remove(@CurrentUser() caller: AuthUser): Promise<OwnUserResponseDto> {
    return this.avatars.remove(caller);
  }

  @Public()
  @Get('users/:id/avatar')
  @ApiOperation({
    summary: 'The avatar image (the `avatarUrl` of a User)',
    description:
      "A signed URL like a file's: the signature is the authorization, valid for an hour or more, and covers the avatar it was made for, so a URL of a replaced avatar is refused. WebP, square, at most 256 × 256. Sent with `X-Content-Type-Options: nosniff`, `Content-Security-Policy: sandbox` and a `Cache-Control` max-age that ends when the signature does.",
  })
  @ApiProduces('image/webp')
  @ApiOkResponse({ description: 'The image' })
  @ApiBadRequestResponse({ type: ValidationErrorResponseDto, description: 'id is not a UUID' })
  @ApiForbiddenResponse({
    type: ErrorResponseDto,
    description: 'Missing, wrong or expired signature, or one of a replaced avatar',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such user, or no avatar' })
  content(
    @Param() params: UserIdParams,
    @Query() query: AvatarUrlQuery,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<StreamableFile> {
    return sendFileContent(response, () => this.avatars.content(params.id, query));
  }
}
