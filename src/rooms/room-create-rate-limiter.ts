import { Injectable } from '@nestjs/common';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterFactory } from '../cluster/rate-limiter-factory';
import { consumeOrRefuse } from '../common/rate-limit/consume-or-refuse';
import { AppConfig, InjectAppConfig } from '../config/app-config';

/**
 * Per-user limit on creating rooms (ROOM_CREATE_RATE_PER_HOUR): each public room is announced
 * to every connected socket, so a script creating thousands would flood everyone.
 */
@Injectable()
export class RoomCreateRateLimiter {
  private readonly limiter: RateLimiterAbstract;

  constructor(@InjectAppConfig() config: AppConfig, limiters: RateLimiterFactory) {
    this.limiter = limiters.create('room-create', config.rateLimits.roomCreationsPerHour, 3600);
  }

  consume(userId: string): Promise<void> {
    return consumeOrRefuse(this.limiter, userId, 'You are creating rooms too fast; wait a while');
  }
}
