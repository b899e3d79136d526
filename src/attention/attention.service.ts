import { BadRequestException, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { AuthUser } from '../common/auth.decorators';
import { MembersService } from '../members/members.service';
import type { MessageResponseDto } from '../messages/dto/message-response.dto';
import { AttentionRepository } from './attention.repository';
import { READ_MOVED, ReadMovedEvent } from './attention-events';
import type { ReadStateDto } from './dto/read-state.dto';
import { Notification, notificationsOf } from './notifications';
import { ReadMarkerWriter } from './read-marker-writer';
import { ReadRateLimiter } from './read-rate-limiter';

/**
 * Read markers and who hears of what (API.md "Reading, unread counts, mentions,
 * notifications"). Counts are derived from the marker on every read, never kept as counters
 * that could drift from deletions and edits.
 */
@Injectable()
export class AttentionService {
  constructor(
    private readonly attention: AttentionRepository,
    private readonly members: MembersService,
    private readonly markers: ReadMarkerWriter,
    private readonly limiter: ReadRateLimiter,
    private readonly events: EventEmitter2,
  ) {}

  /**
   * Moves the caller's marker up to `seq` (forward only; a lower seq changes nothing and
   * answers the current marker). Members only: 404 for a room the caller may not see, 403
   * for a non-member of a public one; a seq above the room's lastSeq is 400. When it moves,
   * every socket of the caller hears `read`.
   */
  async markRead(caller: Pick<AuthUser, 'id'>, roomId: string, seq: number): Promise<ReadStateDto> {
    const access = await this.members.assertMember(roomId, caller.id);
    if (seq > access.lastSeq) {
      throw new BadRequestException([
        `seq must not be above the room’s newest message (lastSeq ${access.lastSeq})`,
      ]);
    }
    await this.limiter.consume(caller.id);
    const { isMoved, state } = await this.markers.move({ roomId, userId: caller.id, seq });
    // Removed from the room between the check and now: nothing to answer but the room's state.
    if (!state) return { lastReadSeq: 0, unread: 0, mentions: 0 };
    if (isMoved) {
      const event: ReadMovedEvent = { userId: caller.id, roomId, ...state };
      this.events.emit(READ_MOVED, event);
    }
    return state;
  }

  /** Who is told of these new messages, and why: one query for the whole batch. */
  async notificationsOfNew(messages: MessageResponseDto[]): Promise<Notification[]> {
    const roomIds = [...new Set(messages.map((message) => message.roomId))];
    const mentioned = [
      ...new Set(messages.flatMap((message) => message.mentions.map((mention) => mention.id))),
    ];
    const targets = await this.attention.notifyTargets(roomIds, mentioned);
    return messages.flatMap((message) => notificationsOf(message, targets));
  }

  /** An edit notifies only the newly mentioned (as mentions, by their notify level). */
  async notificationsOfEdit(
    message: MessageResponseDto,
    userIds: string[],
  ): Promise<Notification[]> {
    const targets = await this.attention.notifyTargets([message.roomId], userIds);
    const newly = new Set(userIds);
    const recipients = targets.filter(
      (target) => newly.has(target.userId) && target.notify !== 'none',
    );
    if (recipients.length === 0) return [];
    return [{ message, reason: 'mention', userIds: recipients.map((target) => target.userId) }];
  }
}
