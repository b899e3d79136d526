import { Injectable } from '@nestjs/common';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { AppConfig, InjectAppConfig } from '../config/app-config';
import { InjectRedisForRequests, MaybeRedis } from './redis-client';

/**
 * Rate limiters that count across the cluster when there is one: in Redis, falling back to
 * this process's memory while Redis is unreachable (a limit should not take sending down).
 */
@Injectable()
export class RateLimiterFactory {
  constructor(
    @InjectAppConfig() private readonly config: AppConfig,
    @InjectRedisForRequests() private readonly redis: MaybeRedis,
  ) {}

  create(name: string, points: number, seconds: number): RateLimiterAbstract {
    const memory = new RateLimiterMemory({ keyPrefix: name, points, duration: seconds });
    if (!this.redis || !this.config.redis) return memory;
    return new RateLimiterRedis({
      storeClient: this.redis,
      keyPrefix: `${this.config.redis.keyPrefix}limit:${name}`,
      points,
      duration: seconds,
      insuranceLimiter: memory,
      // A send must not wait for Redis: while it is away, the limit counts in memory.
      rejectIfRedisNotReady: true,
    });
  }
}
