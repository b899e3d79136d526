import { ForbiddenException, Injectable } from '@nestjs/common';
import { v7 as timeOrderedUuid } from 'uuid';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { AuthUser } from '../common/auth.decorators';
import { MembersService } from '../members/members.service';
import { MESSAGE_CREATED, MessageCreatedEvent } from './message-events';
import { roomNotFound, RoomsService } from '../rooms/rooms.service';
import type { CreateMessageDto } from './dto/create-message.dto';
import type { ListMessagesQuery } from './dto/list-messages-query.dto';
import { MessagePageDto, MessageResponseDto, toMessageResponse } from './dto/message-response.dto';
import { MessageRateLimiter } from './message-rate-limiter';
import { MessageWriter, NewMessage } from './message-writer';
import { MessagesRepository, Page } from './messages.repository';

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
    private readonly members: MembersService,
    private readonly writer: MessageWriter,
    private readonly rateLimiter: MessageRateLimiter,
    private readonly events: EventEmitter2,
  ) {}

  /** Posts under way, so that shutdown can wait for them to commit. */
  private readonly inFlight = new Set<Promise<unknown>>();

  /**
   * The one way a message is written, for REST and sockets alike. Resolves only after the
   * commit, then announces the message; a repeated clientMsgId returns the stored message and
   * announces nothing.
   */
  post(sender: AuthUser, roomId: string, dto: CreateMessageDto): Promise<PostResult> {
    const posting = this.send(sender, roomId, dto);
    this.inFlight.add(posting);
    void posting.then(
      () => this.inFlight.delete(posting),
      () => this.inFlight.delete(posting),
    );
    return posting;
  }

  /**
   * POST …/messages: the sender must be a member; posting to a public room makes them one, as
   * room:join does (a private or direct room of others: 404; banned: 403). Sockets skip this:
   * their joined state is the proof.
   */
  async postAsMember(sender: AuthUser, roomId: string, dto: CreateMessageDto): Promise<PostResult> {
    await this.members.ensureMember(roomId, sender);
    return this.post(sender, roomId, dto);
  }

  /** Resolves when every write started so far has committed or failed. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  /** Rate limit, draft, write, map, announce. */
  private async send(sender: AuthUser, roomId: string, dto: CreateMessageDto): Promise<PostResult> {
    const clientMsgId = dto.clientMsgId ?? null;
    try {
      await this.rateLimiter.consume(sender.id);
    } catch (error) {
      // A retry of a message already stored is not a new send: answer it even when over the limit.
      const stored = clientMsgId && (await this.findSent(sender.id, clientMsgId));
      if (stored) return { message: stored, isNew: false };
      throw error;
    }

    const draft: NewMessage = {
      kind: 'new-message',
      // Time-ordered (UUIDv7): new ids land at the end of the primary-key index rather than
      // on a random page of it, so a group commit dirties (and logs) far fewer pages.
      id: timeOrderedUuid(),
      roomId,
      body: dto.body,
      senderId: sender.id,
      clientMsgId,
      createdAt: new Date(),
    };
    const outcome = await this.writer.write(draft);
    if (outcome.kind === 'no-room') throw roomNotFound();
    if (outcome.kind === 'duplicate') {
      const stored = await this.findSent(sender.id, clientMsgId!);
      if (!stored) throw new Error(`message ${clientMsgId} was reported stored but is not`);
      return { message: stored, isNew: false };
    }
    const message = toMessageResponse({ ...draft, seq: outcome.seq }, sender);
    const event: MessageCreatedEvent = { message };
    this.events.emit(MESSAGE_CREATED, event);
    return { message, isNew: true };
  }

  /** For whoever may see the room (404 for a private or direct room of others), unless banned. */
  async list(roomId: string, query: ListMessagesQuery, readerId: string): Promise<MessagePageDto> {
    const access = await this.rooms.assertCanSee(roomId, readerId);
    if (access.isBanned) throw new ForbiddenException('You are banned from this room');
    return toMessagePage(await this.findPage(roomId, query));
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
