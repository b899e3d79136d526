import { Injectable } from '@nestjs/common';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterFactory } from '../cluster/rate-limiter-factory';
import { consumeOrRefuse } from '../common/rate-limit/consume-or-refuse';
import { AppConfig, InjectAppConfig } from '../config/app-config';

const TOO_FAST = 'You are sending messages too fast; wait a moment';

/**
 * Per-user limit on sending messages, for REST and sockets alike: a 10-second window allows
 * a burst, a minute-long one caps the sustained rate.
 */
@Injectable()
export class MessageRateLimiter {
  private readonly burst: RateLimiterAbstract;
  private readonly sustained: RateLimiterAbstract;

  constructor(@InjectAppConfig() config: AppConfig, limiters: RateLimiterFactory) {
    const { messageBurst, messagesPerMinute } = config.rateLimits;
    this.burst = limiters.create('message-burst', messageBurst, 10);
    this.sustained = limiters.create('message-minute', messagesPerMinute, 60);
  }

  /** Counts one message for the user, or throws RateLimitedException saying when to retry. */
  async consume(userId: string): Promise<void> {
    await consumeOrRefuse(this.burst, userId, TOO_FAST);
    await consumeOrRefuse(this.sustained, userId, TOO_FAST);
  }
}
