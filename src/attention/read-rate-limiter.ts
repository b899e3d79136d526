import { Injectable } from '@nestjs/common';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterFactory } from '../cluster/rate-limiter-factory';
import { consumeOrRefuse } from '../common/rate-limit/consume-or-refuse';
import { AppConfig, InjectAppConfig } from '../config/app-config';

const TOO_FAST = 'You are marking messages read too fast; wait a moment';

/** Per-user limit on read-marker writes (READ_RATE_PER_10S), for REST and sockets alike. */
@Injectable()
export class ReadRateLimiter {
  private readonly limiter: RateLimiterAbstract;

  constructor(@InjectAppConfig() config: AppConfig, limiters: RateLimiterFactory) {
    this.limiter = limiters.create('read-marker', config.rateLimits.readMarksPer10s, 10);
  }

  /** Counts one marker write, or throws RateLimitedException saying when to retry. */
  consume(userId: string): Promise<void> {
    return consumeOrRefuse(this.limiter, userId, TOO_FAST);
  }
}
