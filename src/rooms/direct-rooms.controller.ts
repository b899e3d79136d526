import { Body, Controller, HttpStatus, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTooManyRequestsResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { HttpResponse } from '../http/http-types';
import { AuthUser, CurrentUser } from '../common/auth.decorators';
import {
  ApiNeedsAccessToken,
  ErrorResponseDto,
  ValidationErrorResponseDto,
} from '../common/errors/error-response.dto';
import { OpenDirectDto } from './dto/open-direct.dto';
import { RoomResponseDto } from './dto/room-response.dto';
import { RoomsService } from './rooms.service';

@ApiTags('direct')
@ApiNeedsAccessToken()
@Controller('direct')
export class DirectRoomsController {
  constructor(private readonly rooms: RoomsService) {}

  @Post()
  @ApiOperation({
    summary: 'Open the direct conversation with these users',
    description:
      'Get-or-create by the set of participants (order-free; the caller and repeats are ' +
      'ignored), also under concurrent calls. Each participant gets `room:added` when it is new.',
  })
  @ApiCreatedResponse({ type: RoomResponseDto, description: 'A new direct room' })
  @ApiOkResponse({ type: RoomResponseDto, description: 'The existing one' })
  @ApiBadRequestResponse({ type: ValidationErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'A user does not exist' })
  @ApiTooManyRequestsResponse({
    type: ErrorResponseDto,
    description: 'A new room over ROOM_CREATE_RATE_PER_HOUR; see `Retry-After`',
  })
  async open(
    @CurrentUser() caller: AuthUser,
    @Body() dto: OpenDirectDto,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<RoomResponseDto> {
    const { room, isNew } = await this.rooms.openDirect(caller, dto.userIds);
    response.status(isNew ? HttpStatus.CREATED : HttpStatus.OK);
    return room;
  }
}
