import { randomUUID } from 'node:crypto';
import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RateLimiterFactory } from './rate-limiter-factory';
import {
  INSTANCE_ID,
  MaybeRedis,
  REDIS_CLIENT,
  REDIS_FOR_REQUESTS,
  REQUEST_COMMAND_TIMEOUT_MS,
} from './redis-client';

/** What several instances share: the Redis connection (when configured) and shared limits. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<MaybeRedis> => {
        if (!config.redis) return null;
        // Loaded only for a cluster: one instance alone never needs it (about 5 MB resident).
        const { Redis } = await import('ioredis');
        const logger = new Logger('Redis');
        const client = new Redis(config.redis.url, { lazyConnect: false });
        // ioredis reconnects by itself; without a listener an outage would crash the process.
        client.on('error', (error: Error) => logger.warn(`Redis: ${error.message}`));
        return client;
      },
    },
    {
      provide: REDIS_FOR_REQUESTS,
      inject: [REDIS_CLIENT],
      useFactory: (shared: MaybeRedis): MaybeRedis => {
        if (!shared) return null;
        const logger = new Logger('Redis');
        const client = shared.duplicate({
          enableOfflineQueue: false,
          commandTimeout: REQUEST_COMMAND_TIMEOUT_MS,
          maxRetriesPerRequest: 0,
        });
        client.on('error', (error: Error) => logger.warn(`Redis (requests): ${error.message}`));
        return client;
      },
    },
    { provide: INSTANCE_ID, useFactory: () => randomUUID() },
    RateLimiterFactory,
  ],
  exports: [REDIS_CLIENT, REDIS_FOR_REQUESTS, INSTANCE_ID, RateLimiterFactory],
})
export class ClusterModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: MaybeRedis,
    @Inject(REDIS_FOR_REQUESTS) private readonly redisForRequests: MaybeRedis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    for (const client of [this.redisForRequests, this.redis]) {
      await client?.quit().catch(() => client.disconnect());
    }
  }
}
