import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Ip,
  Param,
  Patch,
  Post,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, Public } from '../common/auth.decorators';
import {
  ApiNeedsAccessToken,
  ErrorResponseDto,
  ValidationErrorResponseDto,
} from '../common/errors/error-response.dto';
import { AccountsService } from './accounts.service';
import { RegisterResponseDto, TokenPairResponseDto } from './dto/auth-response.dto';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { RefreshDto } from './dto/refresh.dto';
import { RegisterDto } from './dto/register.dto';
import { SessionIdParams } from './dto/session-id-params.dto';
import { SessionListDto } from './dto/session-response.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { OwnUserResponseDto } from './dto/user-response.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly accounts: AccountsService) {}

  @Public()
  @Post('register')
  @ApiOperation({ summary: 'Create an account' })
  @ApiCreatedResponse({ type: RegisterResponseDto })
  @ApiBadRequestResponse({ type: ValidationErrorResponseDto, description: 'Invalid field' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'Username or email taken (one message for both)',
  })
  @ApiTooManyRequestsResponse({
    type: ErrorResponseDto,
    description: 'Too many registrations from this address; see `Retry-After`',
  })
  register(@Body() dto: RegisterDto, @Ip() clientAddress: string): Promise<RegisterResponseDto> {
    return this.accounts.register(dto, clientAddress);
  }

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Log in with username or email; starts a session' })
  @ApiOkResponse({ type: TokenPairResponseDto })
  @ApiBadRequestResponse({ type: ValidationErrorResponseDto })
  @ApiUnauthorizedResponse({
    type: ErrorResponseDto,
    description: 'Bad credentials (the same reply for an unknown user and a wrong password)',
  })
  @ApiTooManyRequestsResponse({
    type: ErrorResponseDto,
    description:
      'Too many failed attempts for this account (from this address, or from everywhere) or from this address; see `Retry-After`',
  })
  login(
    @Body() dto: LoginDto,
    @Ip() clientAddress: string,
    @Headers('user-agent') userAgent: string | undefined,
  ): Promise<TokenPairResponseDto> {
    return this.accounts.login(dto, clientAddress, userAgent ?? null);
  }

  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new pair',
    description:
      'The presented token is invalidated. Presenting an already-used token revokes the whole session.',
  })
  @ApiOkResponse({ type: TokenPairResponseDto })
  @ApiBadRequestResponse({ type: ValidationErrorResponseDto })
  @ApiUnauthorizedResponse({
    type: ErrorResponseDto,
    description: 'Unknown, expired, revoked or already-used token',
  })
  refresh(
    @Body() dto: RefreshDto,
    @Headers('user-agent') userAgent: string | undefined,
  ): Promise<TokenPairResponseDto> {
    return this.accounts.refresh(dto.refreshToken, userAgent ?? null);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNeedsAccessToken()
  @ApiOperation({
    summary: 'End this session',
    description:
      "Its access and refresh tokens are refused from now on and its sockets are disconnected; the user's other sessions go on.",
  })
  @ApiNoContentResponse()
  logout(@CurrentUser() caller: AuthUser): Promise<void> {
    return this.accounts.logout(caller);
  }

  @Get('me')
  @ApiNeedsAccessToken()
  @ApiOperation({ summary: 'Your own account' })
  @ApiOkResponse({ type: OwnUserResponseDto })
  me(@CurrentUser() caller: AuthUser): Promise<OwnUserResponseDto> {
    return this.accounts.me(caller);
  }

  @Patch('me')
  @ApiNeedsAccessToken()
  @ApiOperation({
    summary: 'Change your display name or email',
    description:
      'A changed display name reaches every connected socket of everyone sharing a room with you (yours included) as `user:updated`; an email change is sent to no one.',
  })
  @ApiOkResponse({ type: OwnUserResponseDto })
  @ApiBadRequestResponse({
    type: ValidationErrorResponseDto,
    description:
      'displayName not 1–64 characters after trimming, with a control character or nothing visible; invalid email',
  })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Email taken' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'Too many changes' })
  updateMe(
    @CurrentUser() caller: AuthUser,
    @Body() dto: UpdateProfileDto,
  ): Promise<OwnUserResponseDto> {
    return this.accounts.updateProfile(caller, dto);
  }

  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNeedsAccessToken()
  @ApiOperation({
    summary: 'Change your password',
    description:
      'Every other session of yours ends at once (its sockets are disconnected); this one goes on. A wrong current password counts as a failed login.',
  })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ValidationErrorResponseDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Wrong current password' })
  @ApiTooManyRequestsResponse({
    type: ErrorResponseDto,
    description: 'Too many failed attempts or changes; see `Retry-After`',
  })
  changePassword(
    @CurrentUser() caller: AuthUser,
    @Body() dto: ChangePasswordDto,
    @Ip() clientAddress: string,
  ): Promise<void> {
    return this.accounts.changePassword(caller, dto, clientAddress);
  }

  @Get('sessions')
  @ApiNeedsAccessToken()
  @ApiOperation({ summary: 'Your live sessions (devices), most recently used first' })
  @ApiOkResponse({ type: SessionListDto })
  sessions(@CurrentUser() caller: AuthUser): Promise<SessionListDto> {
    return this.accounts.listSessions(caller);
  }

  @Delete('sessions/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNeedsAccessToken()
  @ApiOperation({
    summary: 'Sign out one of your sessions',
    description: 'Its tokens are refused from now on and its sockets are disconnected.',
  })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ValidationErrorResponseDto, description: 'id is not a UUID' })
  @ApiNotFoundResponse({
    type: ErrorResponseDto,
    description: 'No live session of yours with that id',
  })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'Too many changes' })
  revokeSession(@CurrentUser() caller: AuthUser, @Param() params: SessionIdParams): Promise<void> {
    return this.accounts.revokeSession(caller, params.id);
  }

  @Delete('sessions')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNeedsAccessToken()
  @ApiOperation({ summary: 'Sign out everywhere else: every session but this one' })
  @ApiNoContentResponse()
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'Too many changes' })
  revokeOtherSessions(@CurrentUser() caller: AuthUser): Promise<void> {
    return this.accounts.revokeOtherSessions(caller);
  }
}
