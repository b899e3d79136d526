import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MembersModule } from '../members/members.module';
import { RoomMemberEntity } from '../members/room-member.entity';
import { AttentionRepository } from './attention.repository';
import { AttentionService } from './attention.service';
import { ReadMarkerWriter } from './read-marker-writer';
import { ReadMarkersController } from './read-markers.controller';
import { ReadRateLimiter } from './read-rate-limiter';

/** Read markers, unread and mention counts, and who is notified of what (issue #16). */
@Module({
  imports: [TypeOrmModule.forFeature([RoomMemberEntity]), MembersModule],
  controllers: [ReadMarkersController],
  providers: [AttentionService, AttentionRepository, ReadMarkerWriter, ReadRateLimiter],
  exports: [AttentionService],
})
export class AttentionModule {}
