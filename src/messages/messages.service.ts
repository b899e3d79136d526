import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { AuthUser } from '../common/auth.decorators';
import { DomainEvent, MessageCreatedEvent } from '../common/domain-events';
import { GroupCommit } from '../database/group-commit';
import { isUniqueViolation, WriteTransactions } from '../database/write-transactions';
import { roomNotFound, RoomsService } from '../rooms/rooms.service';
import type { CreateMessageDto } from './dto/create-message.dto';
import type { ListMessagesQuery } from './dto/list-messages-query.dto';
import { MessagePageDto, MessageResponseDto, toMessageResponse } from './dto/message-response.dto';
import { MessageRateLimiter } from './message-rate-limiter';
import { MessageDraft, MessagesRepository, Page, WriteOutcome } from './messages.repository';

export const DEFAULT_PAGE_SIZE = 50;
/** Most messages a `room:join` ack carries; the client pages on with `?after=`. */
export const CATCH_UP_LIMIT = 100;
/** Most messages read at once to fill a hole in live delivery. */
const GAP_FILL_LIMIT = 1000;

export interface PostResult {
  message: MessageResponseDto;
  /** False when this sender had already sent this clientMsgId: the stored message is returned. */
  isNew: boolean;
}

@Injectable()
export class MessagesService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly rooms: RoomsService,
    private readonly writes: WriteTransactions,
    private readonly rateLimiter: MessageRateLimiter,
    private readonly events: EventEmitter2,
  ) {
    if (writes.isSerialized) {
      this.groupCommit = new GroupCommit((drafts) =>
        writes.runOnSqlite((db) => messages.insertWithNextSeqsOnSqlite(db, drafts)),
      );
    }
  }

  /** Writes under way, so that shutdown can wait for them to commit. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly groupCommit?: GroupCommit<MessageDraft, WriteOutcome>;

  /**
   * The one way a message is written, for REST and sockets alike. Resolves only after the
   * commit, then announces the message; a repeated clientMsgId returns the stored message and
   * announces nothing.
   */
  post(sender: AuthUser, roomId: string, dto: CreateMessageDto): Promise<PostResult> {
    const write = this.write(sender, roomId, dto);
    this.inFlight.add(write);
    void write.then(
      () => this.inFlight.delete(write),
      () => this.inFlight.delete(write),
    );
    return write;
  }

  /** Resolves when every write started so far has committed or failed. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private async write(
    sender: AuthUser,
    roomId: string,
    dto: CreateMessageDto,
  ): Promise<PostResult> {
    const clientMsgId = dto.clientMsgId ?? null;
    try {
      await this.rateLimiter.consume(sender.id);
    } catch (error) {
      // A retry of a message already stored is not a new send: answer it even when over the limit.
      const stored = clientMsgId && (await this.findSent(sender.id, clientMsgId));
      if (stored) return { message: stored, isNew: false };
      throw error;
    }

    const draft: MessageDraft = {
      id: randomUUID(),
      roomId,
      body: dto.body,
      senderId: sender.id,
      clientMsgId,
      createdAt: new Date(),
    };
    let outcome: WriteOutcome;
    try {
      outcome = await this.commit(draft);
    } catch (error) {
      // PostgreSQL: a concurrent retry of this clientMsgId committed first. Our transaction
      // rolled back, its seq with it, so no gap: answer with the stored message.
      if (!clientMsgId || !isUniqueViolation(error)) throw error;
      outcome = { kind: 'duplicate' };
    }

    if (outcome.kind === 'no-room') throw roomNotFound();
    if (outcome.kind === 'duplicate') {
      const stored = await this.findSent(sender.id, clientMsgId!);
      if (!stored) throw new Error(`message ${clientMsgId} was reported stored but is not`);
      return { message: stored, isNew: false };
    }
    const message = toMessageResponse({ ...draft, seq: outcome.seq }, sender);
    const event: MessageCreatedEvent = { message };
    this.events.emit(DomainEvent.MessageCreated, event);
    return { message, isNew: true };
  }

  /**
   * SQLite writes one transaction at a time, so messages arriving meanwhile are committed
   * together (group commit). PostgreSQL runs transactions side by side: one each.
   */
  private commit(draft: MessageDraft): Promise<WriteOutcome> {
    if (this.groupCommit) return this.groupCommit.add(draft);
    return this.writes
      .run((manager) => this.messages.insertWithNextSeqs(manager, [draft]))
      .then(([outcome]) => outcome);
  }

  async list(roomId: string, query: ListMessagesQuery): Promise<MessagePageDto> {
    const page = await this.findPage(roomId, query);
    // An empty page may mean no such room; a page with messages proves the room exists.
    if (page.messages.length === 0) await this.rooms.assertExists(roomId);
    return toMessagePage(page);
  }

  /** The oldest messages after `afterSeq` (the room is known to exist). */
  async catchUp(roomId: string, afterSeq: number): Promise<MessagePageDto> {
    return toMessagePage(await this.messages.after(roomId, afterSeq, CATCH_UP_LIMIT));
  }

  /** Stored messages with afterSeq < seq < beforeSeq, ascending (to fill a delivery gap). */
  async between(
    roomId: string,
    afterSeq: number,
    beforeSeq: number,
  ): Promise<MessageResponseDto[]> {
    const page = await this.messages.after(
      roomId,
      afterSeq,
      Math.min(beforeSeq - afterSeq - 1, GAP_FILL_LIMIT),
    );
    return toMessagePage(page).messages;
  }

  private findPage(
    roomId: string,
    { before, after, limit = DEFAULT_PAGE_SIZE }: ListMessagesQuery,
  ): Promise<Page> {
    if (before !== undefined) return this.messages.before(roomId, before, limit);
    if (after !== undefined) return this.messages.after(roomId, after, limit);
    return this.messages.newest(roomId, limit);
  }

  private async findSent(
    senderId: string,
    clientMsgId: string,
  ): Promise<MessageResponseDto | null> {
    const message = await this.messages.findBySenderAndClientMsgId(senderId, clientMsgId);
    return message && toMessageResponse(message);
  }
}

function toMessagePage(page: Page): MessagePageDto {
  return {
    messages: page.messages.map((message) => toMessageResponse(message)),
    hasMore: page.hasMore,
  };
}
