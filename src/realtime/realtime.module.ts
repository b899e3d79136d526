import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AttentionModule } from '../attention/attention.module';
import { INSTANCE_ID, MaybeRedis, REDIS_FOR_REQUESTS } from '../cluster/redis-client';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MembersModule } from '../members/members.module';
import { MessagesModule } from '../messages/messages.module';
import { RoomsModule } from '../rooms/rooms.module';
import { AttentionBroadcaster } from './attention-broadcaster';
import { ChatBroadcaster } from './chat-broadcaster';
import { ChatGateway } from './chat.gateway';
import { LocalPresenceStore, PresenceStore } from './presence-store';
import { RedisPresenceStore } from './redis-presence-store';
import { RoomSessionsService } from './room-sessions.service';
import { SocketSessions } from './socket-sessions';
import { RoomJoinRateLimiter } from './room-join-rate-limiter';
import { TypingRateLimiter } from './typing-rate-limiter';
import { WsJwtGuard } from './ws-jwt.guard';

/**
 * The Socket.IO door: a second way in to the feature services, and the broadcasts their
 * domain events become. It imports the features; no feature imports it.
 */
@Module({
  imports: [AccountsModule, RoomsModule, MembersModule, MessagesModule, AttentionModule],
  providers: [
    ChatGateway,
    ChatBroadcaster,
    AttentionBroadcaster,
    RoomSessionsService,
    SocketSessions,
    WsJwtGuard,
    TypingRateLimiter,
    RoomJoinRateLimiter,
    {
      provide: PresenceStore,
      inject: [APP_CONFIG, REDIS_FOR_REQUESTS, INSTANCE_ID],
      useFactory: (config: AppConfig, redis: MaybeRedis, instanceId: string) =>
        redis && config.redis
          ? new RedisPresenceStore(redis, config.redis, instanceId)
          : new LocalPresenceStore(),
    },
  ],
})
export class RealtimeModule {}
