import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTooManyRequestsResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth.decorators';
import {
  ApiNeedsAccessToken,
  ErrorResponseDto,
  ValidationErrorResponseDto,
} from '../common/errors/error-response.dto';
import { CreateRoomDto } from './dto/create-room.dto';
import { ListRoomsQuery } from './dto/list-rooms-query.dto';
import { RoomIdParams } from './dto/room-id-params.dto';
import { RoomResponseDto } from './dto/room-response.dto';
import { UpdateRoomDto } from './dto/update-room.dto';
import type { HttpResponse } from '../http/http-types';
import { RoomsService } from './rooms.service';

@ApiTags('rooms')
@ApiNeedsAccessToken()
@Controller('rooms')
export class RoomsController {
  constructor(private readonly rooms: RoomsService) {}

  @Get()
  @ApiOperation({
    summary: 'Public rooms and the rooms you are a member of, newest activity first',
    description:
      'Ordered by the time of the newest message (or creation, for an empty room); ties by ' +
      'name. `member=true` lists only the rooms you are a member of. At most `limit` rooms ' +
      '(default and maximum 1000) come in one reply; when there are more, the ' +
      '`X-Next-Cursor` header holds the `cursor` of the next page.',
  })
  @ApiOkResponse({
    type: [RoomResponseDto],
    headers: {
      'X-Next-Cursor': { description: 'Present when more rooms follow: pass it as `cursor`' },
    },
  })
  @ApiBadRequestResponse({ type: ValidationErrorResponseDto })
  async list(
    @CurrentUser() caller: AuthUser,
    @Query() query: ListRoomsQuery,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<RoomResponseDto[]> {
    const { rooms, nextCursor } = await this.rooms.list(caller.id, query);
    if (nextCursor) response.setHeader('X-Next-Cursor', nextCursor);
    return rooms;
  }

  @Post()
  @ApiOperation({
    summary: 'Create a room',
    description:
      'The creator is its owner. A public room is announced to every connected socket as ' +
      '`room:created`; the creator of a private room gets `room:added`.',
  })
  @ApiCreatedResponse({ type: RoomResponseDto })
  @ApiBadRequestResponse({ type: ValidationErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Name taken (case-insensitive)' })
  @ApiTooManyRequestsResponse({
    type: ErrorResponseDto,
    description: 'Over ROOM_CREATE_RATE_PER_HOUR; see `Retry-After`',
  })
  create(@CurrentUser() caller: AuthUser, @Body() dto: CreateRoomDto): Promise<RoomResponseDto> {
    return this.rooms.create(caller, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One room', description: 'Private and direct rooms: members only.' })
  @ApiOkResponse({ type: RoomResponseDto })
  @ApiBadRequestResponse({ type: ValidationErrorResponseDto, description: 'id is not a UUID' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@CurrentUser() caller: AuthUser, @Param() params: RoomIdParams): Promise<RoomResponseDto> {
    return this.rooms.get(params.id, caller.id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Rename a room or change its description',
    description: 'Owners and admins; never a direct room. `room:updated` goes to the room.',
  })
  @ApiOkResponse({ type: RoomResponseDto })
  @ApiBadRequestResponse({ type: ValidationErrorResponseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an owner or admin' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Name taken (case-insensitive)' })
  update(
    @CurrentUser() caller: AuthUser,
    @Param() params: RoomIdParams,
    @Body() dto: UpdateRoomDto,
  ): Promise<RoomResponseDto> {
    return this.rooms.update(params.id, caller, dto);
  }
}
