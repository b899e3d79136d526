import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { RoomsModule } from '../rooms/rooms.module';
import { ChatGateway } from './chat.gateway';
import { MessageRateLimiter } from './message-rate-limiter';
import { MessageEntity } from './message.entity';
import { MessagesController } from './messages.controller';
import { MessagesRepository } from './messages.repository';
import { MessagesService } from './messages.service';
import { ChatBroadcaster } from './realtime/chat-broadcaster';
import { LocalPresenceStore, PresenceStore } from './realtime/presence-store';
import { TypingRateLimiter } from './realtime/typing-rate-limiter';

@Module({
  imports: [TypeOrmModule.forFeature([MessageEntity]), RoomsModule, AccountsModule],
  controllers: [MessagesController],
  providers: [
    MessagesService,
    MessagesRepository,
    MessageRateLimiter,
    ChatGateway,
    ChatBroadcaster,
    TypingRateLimiter,
    { provide: PresenceStore, useClass: LocalPresenceStore },
  ],
  exports: [MessagesService],
})
export class MessagesModule {}
