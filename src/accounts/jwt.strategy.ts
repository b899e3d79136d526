import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { HttpRequest } from '../http/http-types';
import { Strategy } from 'passport-jwt';
import type { AuthUser } from '../common/auth.decorators';
import { AppConfig, InjectAppConfig } from '../config/app-config';
import { AccountsService } from './accounts.service';
import { jwtKey } from './jwt-key';

/**
 * The access token of a REST request, as passport's 'jwt' strategy. passport-jwt checks the
 * signature (HS256 pinned) and expiry; validate() then hands the token to the same
 * AccountsService.verifyAccessToken as the socket handshake, so REST and sockets share one
 * rule, the session still being live included.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    @InjectAppConfig() config: AppConfig,
    private readonly accounts: AccountsService,
  ) {
    super({
      // One Bearer parser for both doors (the handshake accepts the header too).
      jwtFromRequest: (request: HttpRequest) => bearerToken(request.headers.authorization) ?? null,
      // A KeyObject works at run time (jsonwebtoken takes one, and skips trying the string as
      // a PEM key on every verify); the typings predate it.
      secretOrKey: jwtKey(config.auth.jwtSecret) as unknown as Buffer,
      // Pinning the algorithm refuses `alg: none` and algorithm-confusion tokens.
      algorithms: ['HS256'],
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  validate(request: HttpRequest): Promise<AuthUser> {
    return this.accounts.verifyAccessToken(bearerToken(request.headers.authorization)!);
  }
}

/** The token of an `Authorization: Bearer <token>` header, if that is what it holds. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header ? /^Bearer +(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}
