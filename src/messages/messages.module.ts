import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { INSTANCE_ID, MaybeRedis, REDIS_FOR_REQUESTS } from '../cluster/redis-client';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RoomsModule } from '../rooms/rooms.module';
import { ChatGateway } from './chat.gateway';
import { MessageChangesController, RoomChangesController } from './message-changes.controller';
import { MessageRateLimiter } from './message-rate-limiter';
import { MessageWriter } from './message-writer';
import { MessageEntity } from './message.entity';
import { MessagesController } from './messages.controller';
import { MessagesRepository } from './messages.repository';
import { MessagesService } from './messages.service';
import { RoomRoles } from './room-roles';
import { ChatBroadcaster } from './realtime/chat-broadcaster';
import { LocalPresenceStore, PresenceStore } from './realtime/presence-store';
import { RedisPresenceStore } from './realtime/redis-presence-store';
import { TypingRateLimiter } from './realtime/typing-rate-limiter';

@Module({
  imports: [TypeOrmModule.forFeature([MessageEntity]), RoomsModule, AccountsModule],
  controllers: [MessagesController, MessageChangesController, RoomChangesController],
  providers: [
    MessagesService,
    MessagesRepository,
    MessageWriter,
    MessageRateLimiter,
    RoomRoles,
    ChatGateway,
    ChatBroadcaster,
    TypingRateLimiter,
    {
      provide: PresenceStore,
      inject: [APP_CONFIG, REDIS_FOR_REQUESTS, INSTANCE_ID],
      useFactory: (config: AppConfig, redis: MaybeRedis, instanceId: string) =>
        redis && config.redis
          ? new RedisPresenceStore(redis, config.redis, instanceId)
          : new LocalPresenceStore(),
    },
  ],
  exports: [MessagesService],
})
export class MessagesModule {}
