import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UserResponseDto } from '../accounts/dto/user-response.dto';
import {
  ApiNeedsAccessToken,
  ValidationErrorResponseDto,
} from '../common/errors/error-response.dto';
import { SearchUsersQuery } from './dto/search-users-query.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiNeedsAccessToken()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({
    summary: 'Users whose username starts with q (any case), by username',
    description: 'For pickers and mention completion. Never shows emails.',
  })
  @ApiOkResponse({ type: [UserResponseDto] })
  @ApiBadRequestResponse({ type: ValidationErrorResponseDto })
  search(@Query() query: SearchUsersQuery): Promise<UserResponseDto[]> {
    return this.users.search(query);
  }
}
