import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module';
import { RoomsModule } from '../rooms/rooms.module';
import { SearchController } from './search.controller';
import { SearchRateLimiter } from './search-rate-limiter';
import { SearchRepository } from './search.repository';
import { SearchService } from './search.service';

/** Issue #17: full-text search of the messages of a user's rooms. */
@Module({
  imports: [MessagesModule, RoomsModule],
  controllers: [SearchController],
  providers: [SearchService, SearchRepository, SearchRateLimiter],
})
export class SearchModule {}
