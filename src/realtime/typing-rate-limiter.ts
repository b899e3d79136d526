import { Injectable } from '@nestjs/common';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterFactory } from '../cluster/rate-limiter-factory';
import { consumeOrRefuse } from '../common/rate-limit/consume-or-refuse';
import { AppConfig, InjectAppConfig } from '../config/app-config';

/** Per-user limit on `typing` events: clients refresh the state every few seconds, not more. */
@Injectable()
export class TypingRateLimiter {
  private readonly limiter: RateLimiterAbstract;

  constructor(@InjectAppConfig() config: AppConfig, limiters: RateLimiterFactory) {
    this.limiter = limiters.create('typing', config.realtime.typingBurst, 10);
  }

  consume(userId: string): Promise<void> {
    return consumeOrRefuse(this.limiter, userId, 'You are sending typing updates too fast');
  }
}
