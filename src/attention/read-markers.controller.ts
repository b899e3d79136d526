import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
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
import { AttentionService } from './attention.service';
import { MarkReadDto } from './dto/mark-read.dto';
import { ReadStateDto } from './dto/read-state.dto';

@ApiTags('rooms')
@ApiNeedsAccessToken()
@Controller('rooms/:id')
export class ReadMarkersController {
  constructor(private readonly attention: AttentionService) {}

  @Post('read')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Move your read marker',
    description:
      'Forward only: a lower `seq` changes nothing and answers the current marker. When it moves, every socket of yours gets `read { roomId, lastReadSeq, unread, mentions }`. Same as the `room:read` socket event.',
  })
  @ApiOkResponse({ type: ReadStateDto })
  @ApiBadRequestResponse({
    type: ValidationErrorResponseDto,
    description: 'Bad id, or `seq` not an integer from 0 to the room’s lastSeq',
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not a member of this public room' })
  @ApiNotFoundResponse({
    type: ErrorResponseDto,
    description: 'No such room (or not yours to see)',
  })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'See `Retry-After`' })
  markRead(
    @CurrentUser() caller: AuthUser,
    @Param() params: RoomIdParams,
    @Body() dto: MarkReadDto,
  ): Promise<ReadStateDto> {
    return this.attention.markRead(caller, params.id, dto.seq);
  }
}
