import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { HttpRequest, HttpResponse } from '../http/http-types';
import { IS_PUBLIC } from '../common/auth.decorators';
import { bearerToken } from './jwt.strategy';

const NO_TOKEN = 'Sign in first: send your access token as "Authorization: Bearer <token>"';
/** What AccountsService says of a token it refuses; passport-jwt refuses bad ones before it. */
const SESSION_ENDED = 'Your session has ended; please log in again';

/**
 * Global: every HTTP route needs a live session unless marked @Public(). The token is checked
 * by JwtStrategy (passport-jwt, then the handshake's verifyAccessToken), and every refusal is
 * a 401 in the API's error shape with `WWW-Authenticate: Bearer` (RFC 6750).
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    // Sockets are authenticated at the handshake, and per event by the gateway's WsJwtGuard.
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    return isPublic || (super.canActivate(context) as Promise<boolean>);
  }

  override handleRequest<TUser>(
    error: Error | null,
    user: TUser | false,
    _info: unknown,
    context: ExecutionContext,
  ): TUser {
    if (!error && user) return user;
    const http = context.switchToHttp();
    http.getResponse<HttpResponse>().setHeader('WWW-Authenticate', 'Bearer');
    // verifyAccessToken's own 401 (session ended), or a failure to check (database down).
    if (error) throw error;
    const hasToken =
      bearerToken(http.getRequest<HttpRequest>().headers.authorization) !== undefined;
    throw new UnauthorizedException(hasToken ? SESSION_ENDED : NO_TOKEN);
  }
}
