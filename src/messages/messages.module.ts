import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { FilesModule } from '../files/files.module';
import { MembersModule } from '../members/members.module';
import { RoomsModule } from '../rooms/rooms.module';
import { MessageFiles } from './message-files';
import { ThumbnailUpdates } from './thumbnail-updates';
import { MessageChangesController, RoomChangesController } from './message-changes.controller';
import { HistoryReadLimiter } from './history-read-limiter';
import { MessageRateLimiter } from './message-rate-limiter';
import { MessageWriter } from './message-writer';
import { MessageEntity } from './message.entity';
import { MessageMentionEntity } from './message-mention.entity';
import { MentionsRepository } from './mentions.repository';
import { MessagesController } from './messages.controller';
import { MessagesRepository } from './messages.repository';
import { MessagesService } from './messages.service';
import { RoomRoles } from './room-roles';

@Module({
  imports: [
    TypeOrmModule.forFeature([MessageEntity, MessageMentionEntity]),
    RoomsModule,
    MembersModule,
    AccountsModule,
    FilesModule,
  ],
  controllers: [MessagesController, MessageChangesController, RoomChangesController],
  providers: [
    MessagesService,
    MessagesRepository,
    MessageWriter,
    MessageRateLimiter,
    RoomRoles,
    HistoryReadLimiter,
    MessageFiles,
    ThumbnailUpdates,
    MentionsRepository,
  ],
  exports: [MessagesService, HistoryReadLimiter],
})
export class MessagesModule {}
