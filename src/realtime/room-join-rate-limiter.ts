import { Injectable } from '@nestjs/common';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterFactory } from '../cluster/rate-limiter-factory';
import { consumeOrRefuse } from '../common/rate-limit/consume-or-refuse';
import { AppConfig, InjectAppConfig } from '../config/app-config';

/**
 * Per-user limit on `room:join` (ROOM_JOIN_RATE_PER_MINUTE). Every join costs a room read and
 * may announce presence to the whole room, so a join/leave loop would otherwise flood every
 * member. The default leaves room for a client that joins all of its rooms after each of
 * several reconnects within a minute.
 */
@Injectable()
export class RoomJoinRateLimiter {
  private readonly limiter: RateLimiterAbstract;

  constructor(@InjectAppConfig() config: AppConfig, limiters: RateLimiterFactory) {
    this.limiter = limiters.create('room-join', config.rateLimits.roomJoinsPerMinute, 60);
  }

  consume(userId: string): Promise<void> {
    return consumeOrRefuse(this.limiter, userId, 'You are joining rooms too fast; wait a moment');
  }
}
