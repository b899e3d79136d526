import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedException } from '../errors/rate-limited.exception';

/** "At most `points` per `seconds` per key"; over it, a RateLimitedException saying when to retry. */
export class WindowedLimit {
  private readonly limiter: RateLimiterMemory;

  constructor(
    points: number,
    seconds: number,
    private readonly message: string,
  ) {
    this.limiter = new RateLimiterMemory({ points, duration: seconds });
  }

  async consume(key: string): Promise<void> {
    try {
      await this.limiter.consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        throw new RateLimitedException(this.message, error.msBeforeNext);
      }
      throw error;
    }
  }
}
