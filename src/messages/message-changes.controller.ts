import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth.decorators';
import {
  ApiNeedsAccessToken,
  ErrorResponseDto,
  ValidationErrorResponseDto,
} from '../common/errors/error-response.dto';
import { RoomIdParams } from '../rooms/dto/room-id-params.dto';
import { EditMessageDto } from './dto/edit-message.dto';
import { ListChangesQuery } from './dto/list-changes-query.dto';
import { MessageIdParams } from './dto/message-id-params.dto';
import { MessagePageDto, MessageResponseDto } from './dto/message-response.dto';
import { ReactionParams } from './dto/reaction-params.dto';
import { RevisionsResponseDto } from './dto/revisions-response.dto';
import { MessagesService } from './messages.service';

const CHANGES =
  'Takes the room’s next change number (its new `version`) and reaches the room as `message:updated`.';

/** Edits, deletions, reactions and revisions of one message. */
@ApiTags('messages')
@ApiNeedsAccessToken()
@Controller('messages/:id')
export class MessageChangesController {
  constructor(private readonly messages: MessagesService) {}

  @Patch()
  @ApiOperation({
    summary: 'Edit your message',
    description: `The sender only. The same body changes nothing and returns the message as it is. ${CHANGES}`,
  })
  @ApiOkResponse({ type: MessageResponseDto })
  @ApiBadRequestResponse({ type: ValidationErrorResponseDto, description: 'Bad id or body' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not the sender' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such message, or deleted' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'See `Retry-After`' })
  edit(
    @CurrentUser() caller: AuthUser,
    @Param() params: MessageIdParams,
    @Body() dto: EditMessageDto,
  ): Promise<MessageResponseDto> {
    return this.messages.edit(caller, params.id, dto.body);
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Delete a message',
    description: `The sender, or the room’s owners and admins. A tombstone stays (id, seq, sender, createdAt, clientMsgId); the body, earlier versions and reactions are removed. Deleting again succeeds and changes nothing. ${CHANGES}`,
  })
  @ApiNoContentResponse({ description: 'Deleted (or already deleted)' })
  @ApiBadRequestResponse({ type: ValidationErrorResponseDto, description: 'Bad id' })
  @ApiForbiddenResponse({
    type: ErrorResponseDto,
    description: 'Neither the sender nor a moderator',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'See `Retry-After`' })
  delete(@CurrentUser() caller: AuthUser, @Param() params: MessageIdParams): Promise<void> {
    return this.messages.delete(caller, params.id);
  }

  @Put('reactions/:emoji')
  @ApiOperation({
    summary: 'React with an emoji',
    description: `Members of the room. \`emoji\` is one emoji (a single RGI emoji grapheme), URL-encoded; a message carries at most 20 different ones. Setting what is set changes nothing. ${CHANGES}`,
  })
  @ApiOkResponse({ type: MessageResponseDto })
  @ApiBadRequestResponse({
    type: ValidationErrorResponseDto,
    description: 'Bad id, not one emoji, or a 21st different emoji',
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not a member of the room' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such message, or deleted' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'See `Retry-After`' })
  react(
    @CurrentUser() caller: AuthUser,
    @Param() params: ReactionParams,
  ): Promise<MessageResponseDto> {
    return this.messages.react(caller, params.id, params.emoji, true);
  }

  @Delete('reactions/:emoji')
  @ApiOperation({
    summary: 'Take back your reaction',
    description: `Unsetting what is not set changes nothing. ${CHANGES}`,
  })
  @ApiOkResponse({ type: MessageResponseDto })
  @ApiBadRequestResponse({ type: ValidationErrorResponseDto, description: 'Bad id or emoji' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not a member of the room' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such message, or deleted' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'See `Retry-After`' })
  unreact(
    @CurrentUser() caller: AuthUser,
    @Param() params: ReactionParams,
  ): Promise<MessageResponseDto> {
    return this.messages.react(caller, params.id, params.emoji, false);
  }

  @Get('revisions')
  @ApiOperation({
    summary: 'Every body the message has had',
    description:
      'Original first (its `editedAt` is the message’s `createdAt`), current last. The sender, or the room’s owners and admins.',
  })
  @ApiOkResponse({ type: RevisionsResponseDto })
  @ApiBadRequestResponse({ type: ValidationErrorResponseDto, description: 'Bad id' })
  @ApiForbiddenResponse({
    type: ErrorResponseDto,
    description: 'Neither the sender nor a moderator',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such message, or deleted' })
  revisions(
    @CurrentUser() caller: AuthUser,
    @Param() params: MessageIdParams,
  ): Promise<RevisionsResponseDto> {
    return this.messages.revisions(caller, params.id);
  }
}

/** Change catch-up: what changed in a room after a change number. */
@ApiTags('messages')
@ApiNeedsAccessToken()
@Controller('rooms/:id/changes')
export class RoomChangesController {
  constructor(private readonly messages: MessagesService) {}

  @Get()
  @ApiOperation({
    summary: 'Messages changed after a change number, in version order',
    description:
      'Messages with `version` > `after` (default 0), lowest version first; `hasMore` says more changed ones exist. With `room:join`’s `afterChange`, a reconnecting client misses no edit, deletion or reaction.',
  })
  @ApiOkResponse({ type: MessagePageDto })
  @ApiBadRequestResponse({
    type: ValidationErrorResponseDto,
    description: 'Bad id, `after` not a non-negative integer, or limit outside 1–100',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  list(
    @CurrentUser() caller: AuthUser,
    @Param() params: RoomIdParams,
    @Query() query: ListChangesQuery,
  ): Promise<MessagePageDto> {
    return this.messages.changes(params.id, query, caller.id);
  }
}
