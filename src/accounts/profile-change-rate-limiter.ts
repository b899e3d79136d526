import { Injectable } from '@nestjs/common';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterFactory } from '../cluster/rate-limiter-factory';
import { consumeOrRefuse } from '../common/rate-limit/consume-or-refuse';
import { AppConfig, InjectAppConfig } from '../config/app-config';

/**
 * Per-user limit on changing one's account (PROFILE_CHANGE_RATE_PER_HOUR): a display-name or
 * avatar change goes to everyone sharing a room with the user, an avatar costs image work, and
 * a password check costs a hash.
 */
@Injectable()
export class ProfileChangeRateLimiter {
  private readonly limiter: RateLimiterAbstract;

  constructor(@InjectAppConfig() config: AppConfig, limiters: RateLimiterFactory) {
    this.limiter = limiters.create('profile-change', config.rateLimits.profileChangesPerHour, 3600);
  }

  consume(userId: string): Promise<void> {
    return consumeOrRefuse(
      this.limiter,
      userId,
      'You are changing your account too often; wait a while',
    );
  }
}
