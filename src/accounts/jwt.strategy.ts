import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthUser } from '../common/auth.decorators';
import { AppConfig, InjectAppConfig } from '../config/app-config';
import { AccessTokenClaims, AccountsService } from './accounts.service';
import { jwtKey } from './jwt-key';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    @InjectAppConfig() config: AppConfig,
    private readonly accounts: AccountsService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject works at run time (jsonwebtoken takes one); the typings predate it.
      secretOrKey: jwtKey(config.auth.jwtSecret) as unknown as Buffer,
      // Pinning the algorithm refuses `alg: none` and algorithm-confusion tokens.
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  validate(claims: AccessTokenClaims): Promise<AuthUser> {
    return this.accounts.authenticate(claims);
  }
}
