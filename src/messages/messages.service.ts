import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { AuthUser } from '../common/auth.decorators';
import { DomainEvent, MessageCreatedEvent } from '../common/domain-events';
import { isUniqueViolation, WriteTransactions } from '../database/write-transactions';
import { roomNotFound, RoomsService } from '../rooms/rooms.service';
import type { CreateMessageDto } from './dto/create-message.dto';
import type { ListMessagesQuery } from './dto/list-messages-query.dto';
import { MessagePageDto, MessageResponseDto, toMessageResponse } from './dto/message-response.dto';
import { MessageRateLimiter } from './message-rate-limiter';
import { MessageDraft, MessagesRepository, Page } from './messages.repository';

export const DEFAULT_PAGE_SIZE = 50;
/** Most messages a `room:join` ack carries; the client pages on with `?after=`. */
export const CATCH_UP_LIMIT = 100;

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
  ) {}

  /** Writes under way, so that shutdown can wait for them to commit. */
  private readonly inFlight = new Set<Promise<unknown>>();

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
    const stored = clientMsgId && (await this.findSent(sender.id, clientMsgId));
    if (stored) return { message: stored, isNew: false };

    // After the idempotency check: retrying a message already sent costs nothing.
    await this.rateLimiter.consume(sender.id);

    const draft: MessageDraft = {
      id: randomUUID(),
      roomId,
      body: dto.body,
      senderId: sender.id,
      clientMsgId,
      createdAt: new Date(),
    };
    let seq: number | null;
    try {
      seq = await this.writes.run((manager) => this.messages.insertWithNextSeq(manager, draft));
    } catch (error) {
      // A concurrent retry of the same clientMsgId committed first; our transaction rolled
      // back (its seq with it), so answer with theirs.
      const winner =
        clientMsgId && isUniqueViolation(error) && (await this.findSent(sender.id, clientMsgId));
      if (winner) return { message: winner, isNew: false };
      throw error;
    }
    if (seq === null) throw roomNotFound();

    const message = toMessageResponse({ ...draft, seq }, sender);
    const event: MessageCreatedEvent = { message };
    this.events.emit(DomainEvent.MessageCreated, event);
    return { message, isNew: true };
  }

  async list(roomId: string, query: ListMessagesQuery): Promise<MessagePageDto> {
    await this.rooms.assertExists(roomId);
    const page = await this.findPage(roomId, query);
    return {
      messages: page.messages.map((message) => toMessageResponse(message)),
      hasMore: page.hasMore,
    };
  }

  /** The oldest messages after `afterSeq` (the room is known to exist). */
  async catchUp(roomId: string, afterSeq: number): Promise<MessagePageDto> {
    const page = await this.messages.after(roomId, afterSeq, CATCH_UP_LIMIT);
    return {
      messages: page.messages.map((message) => toMessageResponse(message)),
      hasMore: page.hasMore,
    };
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
