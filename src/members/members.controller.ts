import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth.decorators';
import {
  ApiNeedsAccessToken,
  ErrorResponseDto,
  ValidationErrorResponseDto,
} from '../common/errors/error-response.dto';
import { RoomIdParams } from '../rooms/dto/room-id-params.dto';
import { RoomResponseDto } from '../rooms/dto/room-response.dto';
import { AddMemberDto } from './dto/add-member.dto';
import { ListMembersQuery } from './dto/list-members-query.dto';
import { BanParams, MemberParams } from './dto/member-params.dto';
import { MemberDto, MemberPageDto } from './dto/member-response.dto';
import { UpdateMemberDto } from './dto/update-member.dto';
import { MembersService } from './members.service';

const FORBIDDEN = {
  type: ErrorResponseDto,
  description: 'Allowed to see the room, not to do this',
};
const NOT_FOUND = {
  type: ErrorResponseDto,
  description: 'No such room (or a private one you are not in), or no such user or member',
};

@ApiTags('members')
@ApiNeedsAccessToken()
@ApiBadRequestResponse({ type: ValidationErrorResponseDto })
@ApiNotFoundResponse(NOT_FOUND)
@Controller('rooms/:id')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get('members')
  @ApiOperation({ summary: "A room's members, by username", description: 'Paged by `after`.' })
  @ApiOkResponse({ type: MemberPageDto })
  list(
    @CurrentUser() caller: AuthUser,
    @Param() params: RoomIdParams,
    @Query() query: ListMembersQuery,
  ): Promise<MemberPageDto> {
    return this.members.list(params.id, caller, query);
  }

  @Post('members')
  @ApiOperation({
    summary: 'Add a member',
    description: 'Owners and admins; not a banned user. The user gets `room:added`.',
  })
  @ApiCreatedResponse({ type: MemberDto })
  @ApiForbiddenResponse(FORBIDDEN)
  add(
    @CurrentUser() caller: AuthUser,
    @Param() params: RoomIdParams,
    @Body() dto: AddMemberDto,
  ): Promise<MemberDto> {
    return this.members.add(params.id, caller, dto.userId);
  }

  @Delete('members/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Remove a member, or leave (`me`)',
    description:
      'Owners remove anyone, admins members and admins; anyone may leave. The last owner ' +
      'cannot leave or be removed (409).',
  })
  @ApiNoContentResponse({ description: 'Removed; their sockets get `room:removed`' })
  @ApiForbiddenResponse(FORBIDDEN)
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The room would have no owner' })
  remove(@CurrentUser() caller: AuthUser, @Param() params: MemberParams): Promise<void> {
    return this.members.remove(params.id, caller, params.userId);
  }

  @Patch('members/:userId')
  @ApiOperation({
    summary: "Change a member's role, or your own notifications (`me`)",
    description:
      '`{ role }`: owners only, answers the Member (409 when it would leave no owner). ' +
      '`{ notify }` on `me`: answers the Room with your membership.',
  })
  @ApiExtraModels(MemberDto, RoomResponseDto)
  @ApiOkResponse({
    schema: {
      oneOf: [{ $ref: getSchemaPath(MemberDto) }, { $ref: getSchemaPath(RoomResponseDto) }],
    },
  })
  @ApiForbiddenResponse(FORBIDDEN)
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The room would have no owner' })
  update(
    @CurrentUser() caller: AuthUser,
    @Param() params: MemberParams,
    @Body() dto: UpdateMemberDto,
  ): Promise<MemberDto | RoomResponseDto> {
    return this.members.update(params.id, caller, params.userId, dto);
  }

  @Put('bans/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Ban a user',
    description:
      'Owners and admins; never an owner. Ends the membership (`room:removed`); a banned user ' +
      'cannot join, post or be added.',
  })
  @ApiNoContentResponse({ description: 'Banned' })
  @ApiForbiddenResponse(FORBIDDEN)
  ban(@CurrentUser() caller: AuthUser, @Param() params: BanParams): Promise<void> {
    return this.members.ban(params.id, caller, params.userId);
  }

  @Delete('bans/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Lift a ban', description: 'Owners and admins.' })
  @ApiNoContentResponse({ description: 'Not banned (any more)' })
  @ApiForbiddenResponse(FORBIDDEN)
  unban(@CurrentUser() caller: AuthUser, @Param() params: BanParams): Promise<void> {
    return this.members.unban(params.id, caller, params.userId);
  }
}
