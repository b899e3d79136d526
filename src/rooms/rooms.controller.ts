import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
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
import { RoomIdParams } from './dto/room-id-params.dto';
import { RoomResponseDto } from './dto/room-response.dto';
import { RoomsService } from './rooms.service';

@ApiTags('rooms')
@ApiNeedsAccessToken()
@Controller('rooms')
export class RoomsController {
  constructor(private readonly rooms: RoomsService) {}

  @Get()
  @ApiOperation({
    summary: 'All rooms, newest activity first',
    description:
      'Ordered by the time of the newest message (or creation, for an empty room); ties by name.',
  })
  @ApiOkResponse({ type: [RoomResponseDto] })
  list(): Promise<RoomResponseDto[]> {
    return this.rooms.list();
  }

  @Post()
  @ApiOperation({
    summary: 'Create a room',
    description: 'Announced to every connected socket as `room:created`.',
  })
  @ApiCreatedResponse({ type: RoomResponseDto })
  @ApiBadRequestResponse({ type: ValidationErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Name taken (case-insensitive)' })
  create(@CurrentUser() caller: AuthUser, @Body() dto: CreateRoomDto): Promise<RoomResponseDto> {
    return this.rooms.create(caller, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One room' })
  @ApiOkResponse({ type: RoomResponseDto })
  @ApiBadRequestResponse({ type: ValidationErrorResponseDto, description: 'id is not a UUID' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param() params: RoomIdParams): Promise<RoomResponseDto> {
    return this.rooms.get(params.id);
  }
}
