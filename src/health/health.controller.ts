import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  HealthCheckService,
  HealthIndicatorFunction,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { InjectRedis, MaybeRedis } from '../cluster/redis-client';
import { Public } from '../common/auth.decorators';
import { AppConfig, InjectAppConfig } from '../config/app-config';
import { sqliteWriteProblem } from '../database/sqlite/location';
import { HealthResponseDto } from './health-response.dto';

const CHECK_TIMEOUT_MS = 2000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  private readonly checks: HealthIndicatorFunction[];

  constructor(
    private readonly health: HealthCheckService,
    database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @InjectRedis() private readonly redis: MaybeRedis,
    @InjectAppConfig() config: AppConfig,
  ) {
    const ping = () => database.pingCheck('db', { timeout: CHECK_TIMEOUT_MS });
    const { database: db } = config;
    this.checks = [
      db.type === 'sqlite' && db.path !== ':memory:'
        ? async () => (await this.sqliteStorage(db.path)) ?? ping()
        : ping,
    ];
    if (redis) this.checks.push(() => this.pingRedis());
  }

  @Public()
  @Get()
  @ApiOperation({
    summary: 'Liveness and dependencies',
    description: '`redis` is reported when the server runs with REDIS_URL (several instances).',
  })
  @ApiOkResponse({ type: HealthResponseDto })
  @ApiServiceUnavailableResponse({ type: HealthResponseDto, description: 'A dependency is down' })
  async check(): Promise<HealthResponseDto> {
    try {
      const result = await this.health.check(this.checks);
      return { status: 'ok', ...statusOf(result.details) };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as { details?: Parameters<typeof statusOf>[0] };
      throw new ServiceUnavailableException({ status: 'error', ...statusOf(result.details ?? {}) });
    }
  }

  /** A full or read-only volume: reads still work, but nothing can be stored. */
  private async sqliteStorage(path: string) {
    const problem = await sqliteWriteProblem(path);
    return problem ? this.indicators.check('db').down({ reason: problem }) : undefined;
  }

  private async pingRedis() {
    const indicator = this.indicators.check('redis');
    try {
      // While Redis is away ioredis queues commands; a health check must not wait for it.
      await Promise.race([
        this.redis!.ping(),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS),
        ),
      ]);
      return indicator.up();
    } catch {
      return indicator.down();
    }
  }
}

/**
 * `{ db: "up", redis: "down" }` from terminus's details (a check that did not report is
 * down), with the database's reason when it gave one.
 */
function statusOf(
  details: Record<string, { status: string; reason?: string }>,
): Pick<HealthResponseDto, 'db' | 'redis' | 'reason'> {
  const up = (name: string) => (details[name]?.status === 'up' ? 'up' : 'down');
  return {
    db: up('db'),
    ...('redis' in details && { redis: up('redis') }),
    ...(details.db?.reason && { reason: details.db.reason }),
  };
}
