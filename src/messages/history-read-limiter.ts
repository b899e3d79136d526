import { Injectable } from '@nestjs/common';
import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimiterFactory } from '../cluster/rate-limiter-factory';
import { RateLimitedException } from '../common/errors/rate-limited.exception';
import { AppConfig, InjectAppConfig } from '../config/app-config';

const TOO_MUCH = 'You are reading history too fast; wait a moment';

/**
 * Per-user budget of history read (HISTORY_RATE_PER_10S messages within any 10 seconds), for
 * REST pages and the catch-up of room:join alike. Each read is charged what it returned, so a
 * client catching up on hundreds of quiet rooms spends little, while a loop re-reading the
 * same 100 messages runs dry within seconds instead of pulling megabytes a second.
 */
@Injectable()
export class HistoryReadLimiter {
  private readonly limiter: RateLimiterAbstract;
  private readonly budget: number;

  constructor(@InjectAppConfig() config: AppConfig, limiters: RateLimiterFactory) {
    this.budget = config.rateLimits.historyMessagesPer10s;
    this.limiter = limiters.create('history', this.budget, 10);
  }

  /** Throws RateLimitedException while the user's budget is spent. */
  async assertAvailable(userId: string): Promise<void> {
    const spent = await this.limiter.get(userId);
    if (spent && spent.consumedPoints >= this.budget) {
      throw new RateLimitedException(TOO_MUCH, spent.msBeforeNext);
    }
  }

  /** Charges what a read returned (past the budget: the next read is refused). */
  async charge(userId: string, messages: number): Promise<void> {
    if (messages === 0) return;
    try {
      await this.limiter.consume(userId, messages);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
    }
  }
}
