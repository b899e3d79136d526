import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth.decorators';
import { MessagesService } from '../messages/messages.service';
import { RoomsService } from '../rooms/rooms.service';
import type { SearchQuery } from './dto/search-query.dto';
import type { SearchResponseDto, SearchResultDto } from './dto/search-response.dto';
import { decodeCursor, encodeCursor } from './search-cursor';
import { SearchRateLimiter } from './search-rate-limiter';
import { SearchRepository } from './search.repository';
import { parseQuery, snippetOf } from './search-text';

export const DEFAULT_SEARCH_LIMIT = 20;

const NOTHING: SearchResponseDto = { results: [], nextCursor: null };

@Injectable()
export class SearchService {
  constructor(
    private readonly search: SearchRepository,
    private readonly messages: MessagesService,
    private readonly rooms: RoomsService,
    private readonly limiter: SearchRateLimiter,
  ) {}

  /**
   * Messages of the caller's rooms that match every word (by prefix) and phrase of `q`,
   * newest first. A room the caller cannot see is 404, as everywhere; a public room they are
   * not a member of, or an unknown sender, simply finds nothing.
   */
  async find(caller: AuthUser, query: SearchQuery): Promise<SearchResponseDto> {
    await this.limiter.consume(caller.id);
    if (query.roomId !== undefined) await this.rooms.assertCanSee(query.roomId, caller.id);
    const before =
      query.before === undefined ? null : decodeCursor(query.before, this.search.engine);
    const phrases = parseQuery(query.q);
    if (phrases.length === 0) return NOTHING;
    let senderId: string | undefined;
    if (query.from !== undefined) {
      senderId = (await this.search.userIdOf(query.from)) ?? undefined;
      if (senderId === undefined) return NOTHING;
    }

    const limit = query.limit ?? DEFAULT_SEARCH_LIMIT;
    const hits = await this.search.search({
      userId: caller.id,
      phrases,
      roomId: query.roomId,
      senderId,
      before,
      limit: limit + 1,
    });
    const page = hits.slice(0, limit);
    const messages = await this.messages.findMany(page.map((hit) => hit.messageId));
    const byId = new Map(messages.map((message) => [message.id, message]));
    const results: SearchResultDto[] = [];
    for (const hit of page) {
      const message = byId.get(hit.messageId);
      // Deleted between the two reads: it no longer matches.
      if (!message || message.deletedAt !== null) continue;
      results.push({ message, room: hit.room, ...snippetOf(message.body, phrases) });
    }
    return {
      results,
      nextCursor: hits.length > limit ? encodeCursor(page[page.length - 1].cursor) : null,
    };
  }
}
