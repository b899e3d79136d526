import { Injectable } from '@nestjs/common';
import { WindowedLimit } from '../common/rate-limit/windowed-limit';
import { AppConfig, InjectAppConfig } from '../config/app-config';

const TOO_FAST = 'You are sending messages too fast; wait a moment';

/**
 * Per-user limit on sending messages, for REST and sockets alike: a 10-second window allows
 * a burst, a minute-long one caps the sustained rate.
 */
@Injectable()
export class MessageRateLimiter {
  private readonly burst: WindowedLimit;
  private readonly sustained: WindowedLimit;

  constructor(@InjectAppConfig() config: AppConfig) {
    const { messageBurst, messagesPerMinute } = config.rateLimits;
    this.burst = new WindowedLimit(messageBurst, 10, TOO_FAST);
    this.sustained = new WindowedLimit(messagesPerMinute, 60, TOO_FAST);
  }

  /** Counts one message for the user, or throws RateLimitedException saying when to retry. */
  async consume(userId: string): Promise<void> {
    await this.burst.consume(userId);
    await this.sustained.consume(userId);
  }
}
