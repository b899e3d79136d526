import { Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedException } from '../common/errors/rate-limited.exception';
import { AppConfig, InjectAppConfig } from '../config/app-config';

const BURST_WINDOW_SECONDS = 10;
const SUSTAINED_WINDOW_SECONDS = 60;

/**
 * Per-user limit on sending messages, for REST and sockets alike: a short window allows a
 * burst, a minute-long one caps the sustained rate.
 */
@Injectable()
export class MessageRateLimiter {
  private readonly burst: RateLimiterMemory;
  private readonly sustained: RateLimiterMemory;

  constructor(@InjectAppConfig() config: AppConfig) {
    const { messageBurst, messagesPerMinute } = config.rateLimits;
    this.burst = new RateLimiterMemory({ points: messageBurst, duration: BURST_WINDOW_SECONDS });
    this.sustained = new RateLimiterMemory({
      points: messagesPerMinute,
      duration: SUSTAINED_WINDOW_SECONDS,
    });
  }

  /** Counts one message for the user, or throws RateLimitedException saying when to retry. */
  async consume(userId: string): Promise<void> {
    try {
      await this.burst.consume(userId);
      await this.sustained.consume(userId);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        throw new RateLimitedException(
          'You are sending messages too fast; wait a moment',
          error.msBeforeNext,
        );
      }
      throw error;
    }
  }
}
