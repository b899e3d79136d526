import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  ConflictException,
  Injectable,
  Logger,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { JwtService } from '@nestjs/jwt';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterFactory } from '../cluster/rate-limiter-factory';
import type { AuthUser } from '../common/auth.decorators';
import { SESSION_REVOKED, SessionRevokedEvent } from './session-events';
import { consumeOrRefuse } from '../common/rate-limit/consume-or-refuse';
import { AppConfig, InjectAppConfig } from '../config/app-config';
import { isUniqueViolation, WriteTransactions } from '../database/write-transactions';
import { RegisterResponseDto, TokenPairResponseDto } from './dto/auth-response.dto';
import type { ChangePasswordDto } from './dto/change-password.dto';
import type { LoginDto } from './dto/login.dto';
import { SessionListDto, toSessionResponse } from './dto/session-response.dto';
import type { UpdateProfileDto } from './dto/update-profile.dto';
import type { RegisterDto } from './dto/register.dto';
import {
  OwnUserResponseDto,
  toOwnUserResponse,
  toUserResponse,
  UserResponseDto,
} from './dto/user-response.dto';
import { LoginThrottle } from './login-throttle';
import { ProfileChangeRateLimiter } from './profile-change-rate-limiter';
import { hashPassword, verifyPassword } from './passwords';
import type { SessionEntity } from './session.entity';
import { SessionsRepository, USER_AGENT_MAX } from './sessions.repository';
import { displayNameOf, UserCard } from './user-card';
import { USER_UPDATED, UserUpdatedEvent } from './user-events';
import type { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';
import { UrlSigner } from '../common/signed-urls/url-signer';

/** Claims of our access tokens. */
interface AccessTokenClaims {
  sub: string;
  sid: string;
  username: string;
}

const BAD_CREDENTIALS = 'Invalid username or password';
const BAD_REFRESH_TOKEN = 'Invalid or expired refresh token; please log in again';
const NOT_SIGNED_IN = 'Your session has ended; please log in again';
// One answer for a taken username and a taken email, so registering cannot tell which one an
// account uses (issue #21).
const TAKEN = 'Username or email is already taken';
const WRONG_PASSWORD = 'The current password is not correct';
/** A session's last use is written at most this often per instance (socket connections). */
const TOUCH_EVERY_MS = 60_000;
/** Sessions remembered for that; past it the memory starts over (a few extra writes). */
const TOUCH_MEMORY = 10_000;
const TOO_MANY_REGISTRATIONS = 'Too many accounts registered from your address; try again later';

@Injectable()
export class AccountsService {
  private readonly logger = new Logger(AccountsService.name);
  private readonly registrations: RateLimiterAbstract;
  /** When this instance last recorded each session's use (see sessionUsed). */
  private readonly lastTouched = new Map<string, number>();

  constructor(
    private readonly signer: UrlSigner,
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly writes: WriteTransactions,
    private readonly jwt: JwtService,
    private readonly loginThrottle: LoginThrottle,
    private readonly events: EventEmitter2,
    private readonly profileChanges: ProfileChangeRateLimiter,
    limiters: RateLimiterFactory,
  ) {
    this.registrations = limiters.create(
      'register-ip',
      config.rateLimits.registrationsPerHour,
      3600,
    );
  }

  /** `clientAddress` is the HTTP client's; in-process callers (specs, scripts) have none. */
  async register(dto: RegisterDto, clientAddress?: string): Promise<RegisterResponseDto> {
    if (clientAddress !== undefined) {
      await consumeOrRefuse(this.registrations, clientAddress, TOO_MANY_REGISTRATIONS);
    }
    // Hashed before the check, taken or not, so the answer takes as long either way.
    const passwordHash = await hashPassword(dto.password);
    if (await this.users.findTaken(dto.username, dto.email)) throw new ConflictException(TAKEN);

    const user: UserEntity = {
      id: randomUUID(),
      username: dto.username,
      usernameKey: dto.username.toLowerCase(),
      email: dto.email,
      passwordHash,
      createdAt: new Date(),
      displayName: dto.username,
      avatarKey: null,
    };
    try {
      await this.writes.run((manager) => this.users.insert(manager, user));
    } catch (error) {
      // Lost a race with a simultaneous registration of the same name or email.
      if (isUniqueViolation(error)) throw new ConflictException(TAKEN);
      throw error;
    }
    return { user: toOwnUserResponse(user, this.signer) };
  }

  async login(
    dto: LoginDto,
    clientAddress: string,
    userAgent: string | null = null,
  ): Promise<TokenPairResponseDto> {
    const user = await this.users.findByLogin(dto.username);
    const attempt = await this.loginThrottle.reserve({
      login: dto.username,
      userId: user?.id,
      address: clientAddress,
    });
    const isValid = await verifyPassword(user?.passwordHash, dto.password);
    if (!user || !isValid) throw new UnauthorizedException(BAD_CREDENTIALS);
    await attempt.succeeded();
    return this.startSession(user, userAgent);
  }

  /**
   * Exchanges a refresh token for a new pair. A token that was already exchanged means two
   * parties hold the session (a stolen token is assumed), so the whole session is revoked. A
   * secret the session never had is only refused: the session id is in every access token, so
   * revoking on any wrong secret would let anyone end someone else's session.
   */
  async refresh(
    refreshToken: string,
    userAgent: string | null = null,
  ): Promise<TokenPairResponseDto> {
    const parsed = parseRefreshToken(refreshToken);
    const session = parsed && (await this.sessions.findById(parsed.sessionId));
    if (!parsed || !session || !isLive(session)) throw new UnauthorizedException(BAD_REFRESH_TOKEN);

    const presentedHash = hashSecret(parsed.secret);
    if (presentedHash !== session.refreshTokenHash) {
      if (presentedHash === session.previousRefreshTokenHash) await this.revokeReused(session);
      throw new UnauthorizedException(BAD_REFRESH_TOKEN);
    }

    const secret = newSecret();
    const isRotated = await this.writes.run((manager) =>
      this.sessions.rotate(
        manager,
        session.id,
        presentedHash,
        hashSecret(secret),
        this.refreshExpiry(),
        { at: new Date(), userAgent: cleanUserAgent(userAgent) },
      ),
    );
    if (!isRotated) {
      // Another request exchanged the same token a moment ago: that is reuse too.
      await this.revokeReused(session);
      throw new UnauthorizedException(BAD_REFRESH_TOKEN);
    }
    const user = await this.users.findById(session.userId);
    if (!user) throw new UnauthorizedException(BAD_REFRESH_TOKEN);
    return this.tokenPair(user, session.id, secret);
  }

  async logout(caller: AuthUser): Promise<void> {
    await this.revoke(caller.sessionId, caller.id);
  }

  /**
   * A connecting socket's user: as presence shows them, and the card a message they send
   * carries (kept on the socket, so a send reads no user row).
   */
  async socketIdentity(userId: string): Promise<{ user: UserResponseDto; card: UserCard }> {
    const user = await this.users.findById(userId);
    if (!user) throw new UnauthorizedException(NOT_SIGNED_IN);
    const { id, username, displayName, avatarKey } = user;
    return {
      user: toUserResponse(user, this.signer),
      card: { id, username, displayName, avatarKey },
    };
  }

  /** The user's card as stored now (null for a user that is gone). */
  card(userId: string): Promise<UserCard | null> {
    return this.users.findCard(userId);
  }

  async me(caller: AuthUser): Promise<OwnUserResponseDto> {
    const user = await this.users.findById(caller.id);
    if (!user) throw new UnauthorizedException(NOT_SIGNED_IN);
    return toOwnUserResponse(user, this.signer);
  }

  /**
   * Display name and email. A changed display name reaches everyone sharing a room with the
   * user as `user:updated`; an email change reaches no one.
   */
  async updateProfile(caller: AuthUser, dto: UpdateProfileDto): Promise<OwnUserResponseDto> {
    await this.profileChanges.consume(caller.id);
    const user = await this.users.findById(caller.id);
    if (!user) throw new UnauthorizedException(NOT_SIGNED_IN);
    const changes: Partial<Pick<UserEntity, 'displayName' | 'email'>> = {};
    if (dto.displayName !== undefined && dto.displayName !== displayNameOf(user)) {
      changes.displayName = dto.displayName;
    }
    if (dto.email !== undefined && dto.email !== user.email) {
      if (await this.users.isEmailTaken(dto.email, user.id)) throw new ConflictException(TAKEN);
      changes.email = dto.email;
    }
    if (Object.keys(changes).length === 0) return toOwnUserResponse(user, this.signer);
    try {
      await this.writes.run((manager) => this.users.update(manager, user.id, changes));
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(TAKEN);
      throw error;
    }
    const updated = { ...user, ...changes };
    if (changes.displayName !== undefined) await this.announce(updated);
    return toOwnUserResponse(updated, this.signer);
  }

  /** Sends `user:updated` (see UserUpdatedEvent) for a user whose name or avatar changed. */
  async announce(user: UserEntity): Promise<void> {
    const event: UserUpdatedEvent = {
      user: toUserResponse(user, this.signer),
      recipientIds: await this.users.roomMatesOf(user.id),
    };
    // Awaited: this instance's sockets show the change before the request that made it is answered.
    await this.events.emitAsync(USER_UPDATED, event);
  }

  /**
   * A new password, given the current one (a wrong one counts as a failed login). Every
   * other session ends at once, with its sockets; this one goes on.
   */
  async changePassword(
    caller: AuthUser,
    dto: ChangePasswordDto,
    clientAddress: string,
  ): Promise<void> {
    await this.profileChanges.consume(caller.id);
    const user = await this.users.findById(caller.id);
    if (!user) throw new UnauthorizedException(NOT_SIGNED_IN);
    const attempt = await this.loginThrottle.reserve({
      login: user.username,
      userId: user.id,
      address: clientAddress,
    });
    if (!(await verifyPassword(user.passwordHash, dto.currentPassword))) {
      throw new UnauthorizedException(WRONG_PASSWORD);
    }
    await attempt.succeeded();
    const passwordHash = await hashPassword(dto.newPassword);
    await this.writes.run((manager) => this.users.update(manager, user.id, { passwordHash }));
    await this.revokeOthers(caller);
  }

  /** The caller's live sessions, most recently used first. */
  async listSessions(caller: AuthUser): Promise<SessionListDto> {
    const sessions = await this.sessions.listLive(caller.id, new Date());
    return { sessions: sessions.map((session) => toSessionResponse(session, caller.sessionId)) };
  }

  /** Ends one of the caller's sessions; another user's, or one already ended, is 404. */
  async revokeSession(caller: AuthUser, sessionId: string): Promise<void> {
    await this.profileChanges.consume(caller.id);
    const session = await this.sessions.findById(sessionId);
    if (!session || session.userId !== caller.id || !isLive(session)) {
      throw new NotFoundException('Session not found');
    }
    await this.revoke(session.id, caller.id);
  }

  /** Ends every session of the caller but the current one. */
  async revokeOtherSessions(caller: AuthUser): Promise<void> {
    await this.profileChanges.consume(caller.id);
    await this.revokeOthers(caller);
  }

  private async revokeOthers(caller: AuthUser): Promise<void> {
    const sessions = await this.sessions.listLive(caller.id, new Date());
    for (const session of sessions) {
      if (session.id !== caller.sessionId) await this.revoke(session.id, caller.id);
    }
  }

  /**
   * A socket of the session connected: its last use, written at most once a minute per
   * session and instance, off the handshake's path.
   */
  sessionUsed(sessionId: string): void {
    const now = Date.now();
    const last = this.lastTouched.get(sessionId);
    if (last !== undefined && now - last < TOUCH_EVERY_MS) return;
    if (this.lastTouched.size >= TOUCH_MEMORY) this.lastTouched.clear();
    this.lastTouched.set(sessionId, now);
    this.writes
      .run((manager) => this.sessions.touch(manager, sessionId, new Date(now), null))
      .catch((error: Error) => this.logger.warn(`session use not recorded: ${error.message}`));
  }

  /**
   * The one check of an access token, for REST and the socket handshake alike: a valid
   * signature and expiry are not enough, the session must still be live (logout is immediate).
   */
  async verifyAccessToken(token: string): Promise<AuthUser> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
    } catch {
      throw new UnauthorizedException(NOT_SIGNED_IN);
    }
    return this.authenticate(claims);
  }

  /** The session check of verifyAccessToken, for a caller whose token was verified earlier. */
  verifySession(caller: AuthUser): Promise<AuthUser> {
    return this.authenticate({ sub: caller.id, sid: caller.sessionId, username: caller.username });
  }

  /** Turns verified token claims into the caller, if their session is still live. */
  private async authenticate(claims: AccessTokenClaims): Promise<AuthUser> {
    const session = typeof claims.sid === 'string' && (await this.sessions.findById(claims.sid));
    if (!session || !isLive(session) || session.userId !== claims.sub) {
      throw new UnauthorizedException(NOT_SIGNED_IN);
    }
    return { id: claims.sub, username: claims.username, sessionId: claims.sid };
  }

  private async startSession(
    user: UserEntity,
    userAgent: string | null,
  ): Promise<TokenPairResponseDto> {
    const secret = newSecret();
    const now = new Date();
    const session: SessionEntity = {
      id: randomUUID(),
      userId: user.id,
      refreshTokenHash: hashSecret(secret),
      previousRefreshTokenHash: null,
      createdAt: now,
      expiresAt: this.refreshExpiry(),
      revokedAt: null,
      lastUsedAt: now,
      userAgent: cleanUserAgent(userAgent),
    };
    await this.writes.run((manager) => this.sessions.insert(manager, session));
    return this.tokenPair(user, session.id, secret);
  }

  private async tokenPair(
    user: UserEntity,
    sessionId: string,
    secret: string,
  ): Promise<TokenPairResponseDto> {
    const claims: AccessTokenClaims = { sub: user.id, sid: sessionId, username: user.username };
    return {
      accessToken: await this.jwt.signAsync(claims),
      refreshToken: `${sessionId}.${secret}`,
      expiresIn: this.config.auth.accessTokenTtlSeconds,
      user: toOwnUserResponse(user, this.signer),
    };
  }

  private async revokeReused(session: SessionEntity): Promise<void> {
    this.logger.warn({ sessionId: session.id }, 'refresh token reused; session revoked');
    await this.revoke(session.id, session.userId);
  }

  private async revoke(sessionId: string, userId: string): Promise<void> {
    const wasLive = await this.writes.run((manager) =>
      this.sessions.revoke(manager, sessionId, new Date()),
    );
    if (wasLive) {
      const event: SessionRevokedEvent = { sessionId, userId };
      this.events.emit(SESSION_REVOKED, event);
    }
  }

  private refreshExpiry(): Date {
    return new Date(Date.now() + this.config.auth.refreshTokenTtlSeconds * 1000);
  }
}

function isLive(session: SessionEntity): boolean {
  return session.revokedAt === null && session.expiresAt.getTime() > Date.now();
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The secret has 256 random bits, so a fast hash is enough (unlike passwords). */
function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

const REFRESH_TOKEN = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;

function parseRefreshToken(token: string): { sessionId: string; secret: string } | null {
  const match = REFRESH_TOKEN.exec(token);
  return match ? { sessionId: match[1], secret: match[2] } : null;
}

/** Kept for the sessions list: printable, at most USER_AGENT_MAX characters; null when empty. */
function cleanUserAgent(userAgent: string | null): string | null {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const text = userAgent?.replace(/[\u0000-\u001F\u007F]/g, '').trim();
  return text ? text.slice(0, USER_AGENT_MAX) : null;
}
