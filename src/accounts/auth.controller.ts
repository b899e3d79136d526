import { Body, Controller, Get, HttpCode, HttpStatus, Ip, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
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
import { LoginDto } from './dto/login.dto';
import { RefreshDto } from './dto/refresh.dto';
import { RegisterDto } from './dto/register.dto';
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
  login(@Body() dto: LoginDto, @Ip() clientAddress: string): Promise<TokenPairResponseDto> {
    return this.accounts.login(dto, clientAddress);
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
  refresh(@Body() dto: RefreshDto): Promise<TokenPairResponseDto> {
    return this.accounts.refresh(dto.refreshToken);
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
}
