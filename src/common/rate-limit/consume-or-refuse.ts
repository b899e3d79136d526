import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedException } from '../errors/rate-limited.exception';

/** Consumes one point per call; over the limit, a RateLimitedException saying when to retry. */
export async function consumeOrRefuse(
  limiter: RateLimiterAbstract,
  key: string,
  message: string,
): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes)
      throw new RateLimitedException(message, error.msBeforeNext);
    throw error;
  }
}
