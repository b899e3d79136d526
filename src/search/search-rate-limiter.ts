import { Injectable } from '@nestjs/common';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterFactory } from '../cluster/rate-limiter-factory';
import { consumeOrRefuse } from '../common/rate-limit/consume-or-refuse';
import { AppConfig, InjectAppConfig } from '../config/app-config';

const TOO_FAST = 'You are searching too fast; wait a moment';

/**
 * Per-user limit on searches (SEARCH_RATE_PER_10S within any 10 seconds): each one reads an
 * index across every room of the user, far more than a history page.
 */
@Injectable()
export class SearchRateLimiter {
  private readonly limiter: RateLimiterAbstract;

  constructor(@InjectAppConfig() config: AppConfig, limiters: RateLimiterFactory) {
    this.limiter = limiters.create('search', config.rateLimits.searchesPer10s, 10);
  }

  /** Counts one search, or throws RateLimitedException saying when to retry. */
  consume(userId: string): Promise<void> {
    return consumeOrRefuse(this.limiter, userId, TOO_FAST);
  }
}
