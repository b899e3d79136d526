import { randomUUID } from 'node:crypto';
import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RateLimiterFactory } from './rate-limiter-factory';
import { INSTANCE_ID, MaybeRedis, REDIS_CLIENT } from './redis-client';

/** What several instances share: the Redis connection (when configured) and shared limits. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): MaybeRedis => {
        if (!config.redis) return null;
        const logger = new Logger('Redis');
        const client = new Redis(config.redis.url, { lazyConnect: false });
        // ioredis reconnects by itself; without a listener an outage would crash the process.
        client.on('error', (error: Error) => logger.warn(`Redis: ${error.message}`));
        return client;
      },
    },
    { provide: INSTANCE_ID, useFactory: () => randomUUID() },
    RateLimiterFactory,
  ],
  exports: [REDIS_CLIENT, INSTANCE_ID, RateLimiterFactory],
})
export class ClusterModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: MaybeRedis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}
