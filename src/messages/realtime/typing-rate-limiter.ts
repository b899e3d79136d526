import { Injectable } from '@nestjs/common';
import { WindowedLimit } from '../../common/rate-limit/windowed-limit';
import { AppConfig, InjectAppConfig } from '../../config/app-config';

/** Per-user limit on `typing` events: clients refresh the state every few seconds, not more. */
@Injectable()
export class TypingRateLimiter {
  private readonly limit: WindowedLimit;

  constructor(@InjectAppConfig() config: AppConfig) {
    this.limit = new WindowedLimit(
      config.realtime.typingBurst,
      10,
      'You are sending typing updates too fast',
    );
  }

  consume(userId: string): Promise<void> {
    return this.limit.consume(userId);
  }
}
