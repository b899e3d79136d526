import { Body, Controller, Get, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { HttpResponse } from '../http/http-types';
import { AuthUser, CurrentUser } from '../common/auth.decorators';
import {
  ApiNeedsAccessToken,
  ErrorResponseDto,
  ValidationErrorResponseDto,
} from '../common/errors/error-response.dto';
import { RoomIdParams } from '../rooms/dto/room-id-params.dto';
import { CreateMessageDto } from './dto/create-message.dto';
import { ListMessagesQuery } from './dto/list-messages-query.dto';
import {
  MessageAroundPageDto,
  MessagePageDto,
  MessageResponseDto,
} from './dto/message-response.dto';
import { MessagesService } from './messages.service';

@ApiTags('messages')
@ApiNeedsAccessToken()
@Controller('rooms/:id/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get()
  @ApiOperation({
    summary: 'A page of a room’s history, ascending seq',
    description:
      'No cursor: the newest page. `before=SEQ`: the page just older than SEQ. `after=SEQ`: the page just newer than SEQ. `hasMore` says whether more exist in the direction of travel (older for newest/before, newer for after). `around=SEQ` (jumping to a message, not with before/after): `limit` messages with SEQ at index ⌊limit/2⌋ where the room has enough on both sides (a short side leaves its share to the other), plus `hasMoreBefore` and `hasMoreAfter`; `hasMore` equals `hasMoreBefore`.',
  })
  @ApiExtraModels(MessageAroundPageDto)
  @ApiOkResponse({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(MessagePageDto) },
        { $ref: getSchemaPath(MessageAroundPageDto) },
      ],
    },
    description: 'A MessageAroundPageDto with `around`, else a MessagePageDto',
  })
  @ApiBadRequestResponse({
    type: ValidationErrorResponseDto,
    description: 'Bad id or cursor, two cursors together, or limit outside 1–100',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Banned from this room' })
  list(
    @CurrentUser() caller: AuthUser,
    @Param() params: RoomIdParams,
    @Query() query: ListMessagesQuery,
  ): Promise<MessagePageDto | MessageAroundPageDto> {
    return this.messages.list(params.id, query, caller.id);
  }

  @Post()
  @ApiOperation({
    summary: 'Post a message',
    description:
      'Answers after the message is committed and broadcasts it as `message:new`. A `clientMsgId` this user already sent returns the stored message with 200 and broadcasts nothing. Posting to a public room makes the sender a member; a private or direct room of others is 404.',
  })
  @ApiCreatedResponse({ type: MessageResponseDto, description: 'Stored and broadcast' })
  @ApiOkResponse({ type: MessageResponseDto, description: 'Already sent with this clientMsgId' })
  @ApiBadRequestResponse({ type: ValidationErrorResponseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Banned from this room' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'See `Retry-After`' })
  async post(
    @CurrentUser() caller: AuthUser,
    @Param() params: RoomIdParams,
    @Body() dto: CreateMessageDto,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<MessageResponseDto> {
    const { message, isNew } = await this.messages.postAsMember(caller, params.id, dto);
    response.status(isNew ? HttpStatus.CREATED : HttpStatus.OK);
    return message;
  }
}
