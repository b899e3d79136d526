import {
  BadRequestException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { v7 as timeOrderedUuid } from 'uuid';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { UserCard } from '../accounts/user-card';
import { UsersRepository } from '../accounts/users.repository';
import type { AuthUser } from '../common/auth.decorators';
import { BatchedLookup } from '../database/batched-lookup';
import { WriteTransactions } from '../database/write-transactions';
import { MembersService } from '../members/members.service';
import { roomNotFound, RoomsService } from '../rooms/rooms.service';
import type { CreateMessageDto } from './dto/create-message.dto';
import type { ListChangesQuery } from './dto/list-changes-query.dto';
import type { ListMessagesQuery } from './dto/list-messages-query.dto';
import {
  MessageAroundPageDto,
  MessagePageDto,
  MessageResponseDto,
  toMessageResponse,
} from './dto/message-response.dto';
import type { RevisionsResponseDto } from './dto/revisions-response.dto';
import {
  MESSAGE_CREATED,
  MESSAGE_UPDATED,
  MessageCreatedEvent,
  MessageUpdatedEvent,
} from './message-events';
import { HistoryReadLimiter } from './history-read-limiter';
import { invalidFileIds } from '../files/files.service';
import { MessageFiles } from './message-files';
import { MessageRateLimiter } from './message-rate-limiter';
import { MessageChange, MessageWriter, NewMessage } from './message-writer';
import {
  ChangeOutcome,
  MAX_DISTINCT_REACTIONS,
  MessagePlace,
  MessagesRepository,
  PlaceLookup,
  MessageView,
  Page,
} from './messages.repository';
import { replyPreviewBody } from './message-view';
import { placeIn, RoomRoles } from './room-roles';
import { MENTIONS_ADDED, MentionsAddedEvent } from './mention-events';
import { MentionRef, mentionCandidates, resolveMentions } from './mentions';
import { MentionsRepository } from './mentions.repository';
import { UrlSigner } from '../common/signed-urls/url-signer';

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
  /** Where a changed message is and what its actor may do there (MessagesRepository.findPlaces). */
  private readonly places: BatchedLookup<PlaceLookup, MessagePlace | null>;

  constructor(
    private readonly signer: UrlSigner,
    private readonly messages: MessagesRepository,
    private readonly users: UsersRepository,
    private readonly rooms: RoomsService,
    private readonly members: MembersService,
    private readonly writer: MessageWriter,
    private readonly rateLimiter: MessageRateLimiter,
    private readonly events: EventEmitter2,
    private readonly roles: RoomRoles,
    private readonly historyLimiter: HistoryReadLimiter,
    private readonly messageFiles: MessageFiles,
    private readonly mentions: MentionsRepository,
    transactions: WriteTransactions,
  ) {
    this.places = new BatchedLookup(transactions.isSerialized, (lookups) =>
      messages.findPlaces(lookups),
    );
  }

  /** Posts under way, so that shutdown can wait for them to commit. */
  private readonly inFlight = new Set<Promise<unknown>>();

  /**
   * The one way a message is written, for REST and sockets alike. Resolves only after the
   * commit, then announces the message; a repeated clientMsgId returns the stored message and
   * announces nothing. `senderCard` is the sender as user objects show them, when the caller
   * holds it current (a socket does); otherwise it is read beside the write.
   */
  post(
    sender: AuthUser,
    roomId: string,
    dto: CreateMessageDto,
    senderCard?: UserCard,
  ): Promise<PostResult> {
    const posting = this.send(sender, roomId, dto, senderCard);
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
  private async send(
    sender: AuthUser,
    roomId: string,
    dto: CreateMessageDto,
    knownCard: UserCard | undefined,
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

    const replyTo = dto.replyToId ? await this.replyTarget(roomId, dto.replyToId) : null;
    const body = dto.body ?? '';
    const mentions = await this.mentionsIn(roomId, body);
    const draft: NewMessage = {
      kind: 'new-message',
      // Time-ordered (UUIDv7): new ids land at the end of the primary-key index rather than
      // on a random page of it, so a group commit dirties (and logs) far fewer pages.
      id: timeOrderedUuid(),
      roomId,
      body,
      senderId: sender.id,
      clientMsgId,
      createdAt: new Date(),
      replyToId: replyTo?.message.id ?? null,
      fileIds: dto.fileIds ?? [],
      mentions,
    };
    const [outcome, senderCard] = await Promise.all([
      this.writer.write(draft),
      knownCard ?? this.users.findCard(sender.id),
    ]);
    if (outcome.kind === 'no-room') throw roomNotFound();
    if (outcome.kind === 'invalid-files') throw invalidFileIds();
    if (outcome.kind === 'duplicate') {
      const stored = await this.findSent(sender.id, clientMsgId!);
      if (!stored) throw new Error(`message ${clientMsgId} was reported stored but is not`);
      return { message: stored, isNew: false };
    }
    const message = toMessageResponse(
      {
        message: {
          // Field by field rather than a spread of the draft: the spread's object literal
          // showed as 3 % of server time in the writes profile.
          id: draft.id,
          roomId,
          seq: outcome.seq,
          body,
          senderId: sender.id,
          clientMsgId,
          createdAt: draft.createdAt,
          sender: senderCard ?? {
            id: sender.id,
            username: sender.username,
            displayName: null,
            avatarKey: null,
          },
          replyToId: draft.replyToId ?? null,
          version: 0,
          editedAt: null,
          deletedAt: null,
        },
        reactions: [],
        replyTo: replyTo && {
          id: replyTo.message.id,
          seq: replyTo.message.seq,
          sender: replyTo.message.sender,
          body: replyPreviewBody(replyTo.message.body),
          deletedAt: replyTo.message.deletedAt,
        },
        mentions,
      },
      this.signer,
    );
    if (draft.fileIds!.length > 0) await this.messageFiles.fillOne(message);
    const event: MessageCreatedEvent = { message };
    this.events.emit(MESSAGE_CREATED, event);
    return { message, isNew: true };
  }

  /** The message a reply answers: a message of the same room (deleted ones too), else 400. */
  private async replyTarget(roomId: string, replyToId: string): Promise<MessageView> {
    const target = await this.messages.findView(replyToId);
    if (!target || target.message.roomId !== roomId) {
      throw new BadRequestException(['replyToId must be the id of a message in this room']);
    }
    return target;
  }

  /**
   * A new body for the sender's own message (trimmed and validated as for a send). The same
   * body changes nothing and returns the message as it is; a deleted message is not found.
   */
  async edit(editor: AuthUser, messageId: string, body: string): Promise<MessageResponseDto> {
    await this.rateLimiter.consume(editor.id);
    const place = await this.livePlace(messageId, editor.id);
    if (place.senderId !== editor.id) throw notYours('edit');
    if (body === '' && !place.hasFiles) {
      throw new BadRequestException([
        'body must be at most 4000 characters long and not blank (it may be empty only for a message with files)',
      ]);
    }
    const mentions = await this.mentionsIn(place.roomId, body);
    // Only the newly mentioned hear of an edit; what it mentioned before matters only then.
    const before =
      mentions.length > 0
        ? await this.mentions.ofMessages([messageId])
        : new Map<string, MentionRef[]>();
    const edited = await this.change(
      {
        kind: 'edit',
        roomId: place.roomId,
        messageId,
        actorId: editor.id,
        at: new Date(),
        body,
        mentions,
      },
      place,
    );
    const known = new Set((before.get(messageId) ?? []).map((mention) => mention.id));
    known.add(editor.id);
    const userIds = edited.mentions.map((m) => m.id).filter((id) => !known.has(id));
    if (userIds.length > 0) {
      const event: MentionsAddedEvent = { message: edited, userIds };
      this.events.emit(MENTIONS_ADDED, event);
    }
    return edited;
  }

  /** The room members a body mentions; no query unless it has an `@`. */
  private async mentionsIn(roomId: string, body: string): Promise<MentionRef[]> {
    const candidates = mentionCandidates(body);
    if (candidates.length === 0) return [];
    return resolveMentions(body, await this.mentions.membersNamed(roomId, candidates));
  }

  /**
   * Deletes a message, by its sender or one of the room's owners and admins: a tombstone keeps
   * id, seq, sender, createdAt and clientMsgId; the body, its revisions and reactions are
   * removed from the database. Deleting it again changes nothing and succeeds.
   */
  async delete(actor: AuthUser, messageId: string): Promise<void> {
    await this.rateLimiter.consume(actor.id);
    const place = await this.places.find({ messageId, actorId: actor.id });
    if (!place) throw messageNotFound();
    const isModerator = placeIn(place.access).isModerator && place.senderId !== actor.id;
    if (place.senderId !== actor.id && !isModerator) {
      throw new ForbiddenException(
        'Only the sender or the room’s owners and admins can delete this message',
      );
    }
    await this.change(
      {
        kind: 'delete',
        roomId: place.roomId,
        messageId,
        actorId: actor.id,
        at: new Date(),
        isModerator,
      },
      place,
    );
  }

  /**
   * Sets (`on`) or unsets the user's reaction with one emoji, for members of the room.
   * Setting what is set or unsetting what is not changes nothing; a 21st different emoji on
   * one message is refused.
   */
  async react(
    user: AuthUser,
    messageId: string,
    emoji: string,
    on: boolean,
  ): Promise<MessageResponseDto> {
    await this.rateLimiter.consume(user.id);
    const place = await this.livePlace(messageId, user.id);
    if (!placeIn(place.access).isMember) {
      throw new ForbiddenException('Only members of the room can react');
    }
    return this.change(
      {
        kind: 'reaction',
        roomId: place.roomId,
        messageId,
        actorId: user.id,
        at: new Date(),
        emoji,
        on,
      },
      place,
    );
  }

  /**
   * Every body the message has had, original first (at its createdAt), current last; for its
   * sender and the room's owners and admins.
   */
  async revisions(user: AuthUser, messageId: string): Promise<RevisionsResponseDto> {
    const { message } = await this.findLive(messageId);
    const place = await this.roles.placeOf(message.roomId, user.id);
    if (message.senderId !== user.id && !place.isModerator) {
      throw new ForbiddenException(
        'Only the sender or the room’s owners and admins can see earlier versions',
      );
    }
    const previous = await this.messages.previousBodies(messageId);
    return {
      revisions: [
        ...previous,
        { body: message.body, editedAt: message.editedAt ?? message.createdAt },
      ].map(({ body, editedAt }) => ({ body, editedAt: editedAt.toISOString() })),
    };
  }

  /** `GET /api/rooms/:id/changes`: messages changed after `after`, lowest version first. */
  async changes(
    roomId: string,
    { after = 0, limit = DEFAULT_PAGE_SIZE }: ListChangesQuery,
    readerId: string,
  ): Promise<MessagePageDto> {
    await this.assertMayRead(roomId, readerId);
    const page = await this.messages.changedAfter(roomId, after, limit);
    await this.historyLimiter.charge(readerId, page.messages.length);
    return this.pageOf(page);
  }

  /**
   * Messages whose version is above `afterChange`, lowest version first, at most `limit`
   * (the room is known to exist): `room:join`'s `changed` and `changedHasMore`.
   */
  async changesAfter(
    roomId: string,
    afterChange: number,
    limit = CATCH_UP_LIMIT,
  ): Promise<MessagePageDto> {
    return this.pageOf(await this.messages.changedAfter(roomId, afterChange, limit));
  }

  /**
   * The message's files changed (a thumbnail became ready): a new version and
   * `message:updated`, unless the message is gone or deleted.
   */
  async filesChanged(messageId: string): Promise<void> {
    const view = await this.messages.findView(messageId);
    if (!view || view.message.deletedAt !== null) return;
    const outcome = await this.writer.write({
      kind: 'files',
      roomId: view.message.roomId,
      messageId,
      actorId: view.message.senderId,
      at: new Date(),
    });
    if (outcome.kind !== 'changed') return;
    const message = await this.messageFiles.fillOne(toMessageResponse(outcome.view, this.signer));
    const event: MessageUpdatedEvent = { message };
    this.events.emit(MESSAGE_UPDATED, event);
  }

  /**
   * Writes a change, answers the message as it now is, and announces it when it changed.
   * `place` (read before) tells whether the message has files, to show or to remove (a
   * message's files are attached when it is sent, never later).
   */
  private async change(change: MessageChange, place: MessagePlace): Promise<MessageResponseDto> {
    const outcome = await this.writer.write(change);
    let view = viewOrRefusal(outcome);
    if (view.mentions === undefined) {
      // Only a body with an @ can mention anyone (as every read path assumes).
      const stored = view.message.body.includes('@')
        ? await this.mentions.ofMessages([view.message.id])
        : new Map<string, MentionRef[]>();
      view = { ...view, mentions: stored.get(view.message.id) ?? [] };
    }
    const message = toMessageResponse(view, this.signer);
    if (place.hasFiles) await this.messageFiles.fillOne(message);
    if (change.kind === 'delete' && place.hasFiles) {
      await this.messageFiles.deleteOf(change.messageId);
    }
    if (outcome.kind === 'changed') {
      const event: MessageUpdatedEvent = { message };
      this.events.emit(MESSAGE_UPDATED, event);
    }
    return message;
  }

  /**
   * A message that is not deleted, in a room the actor may see (else 404), and what the actor
   * may do there.
   */
  private async livePlace(messageId: string, actorId: string): Promise<MessagePlace> {
    const place = await this.places.find({ messageId, actorId });
    if (!place) throw messageNotFound();
    placeIn(place.access); // 404 for a room the actor may not see
    if (place.isDeleted) throw messageNotFound();
    return place;
  }

  /** A message that is not deleted, or 404. */
  private async findLive(messageId: string): Promise<MessageView> {
    const view = await this.messages.findView(messageId);
    if (!view || view.message.deletedAt !== null) throw messageNotFound();
    return view;
  }

  /** For whoever may see the room (404 for a private or direct room of others), unless banned. */
  async list(
    roomId: string,
    query: ListMessagesQuery,
    readerId: string,
  ): Promise<MessagePageDto | MessageAroundPageDto> {
    await this.assertMayRead(roomId, readerId);
    if (query.around !== undefined) {
      return this.around(roomId, query.around, query.limit ?? DEFAULT_PAGE_SIZE, readerId);
    }
    const page = await this.findPage(roomId, query);
    await this.historyLimiter.charge(readerId, page.messages.length);
    return this.pageOf(page);
  }

  /** `?around=SEQ` (jumping to a message): `hasMore` is `hasMoreBefore` (API.md). */
  private async around(
    roomId: string,
    seq: number,
    limit: number,
    readerId: string,
  ): Promise<MessageAroundPageDto> {
    const page = await this.messages.around(roomId, seq, limit);
    await this.historyLimiter.charge(readerId, page.messages.length);
    return {
      messages: await this.messageFiles.fill(
        page.messages.map((view) => toMessageResponse(view, this.signer)),
      ),
      hasMore: page.hasMoreBefore,
      hasMoreBefore: page.hasMoreBefore,
      hasMoreAfter: page.hasMoreAfter,
    };
  }

  /** 404 for a private or direct room of others, 403 for the banned. */
  private async assertMayRead(roomId: string, readerId: string): Promise<void> {
    const access = await this.rooms.assertCanSee(roomId, readerId);
    if (access.isBanned) throw new ForbiddenException('You are banned from this room');
    await this.historyLimiter.assertAvailable(readerId);
  }

  /** These messages as every route shows them, in the order of `ids` (for search results). */
  async findMany(ids: string[]): Promise<MessageResponseDto[]> {
    const views = await this.messages.findViews(ids);
    return this.messageFiles.fill(views.map((view) => toMessageResponse(view, this.signer)));
  }

  /** The oldest messages after `afterSeq` (the room is known to exist). */
  async catchUp(roomId: string, afterSeq: number): Promise<MessagePageDto> {
    return this.pageOf(await this.messages.after(roomId, afterSeq, CATCH_UP_LIMIT));
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
    return (await this.pageOf(page)).messages;
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
    const view = await this.messages.findBySenderAndClientMsgId(senderId, clientMsgId);
    return view && this.messageFiles.fillOne(toMessageResponse(view, this.signer));
  }

  /** A page on the wire, with each message's files (one query for the page). */
  private async pageOf(page: Page): Promise<MessagePageDto> {
    const dto = toMessagePage(page, this.signer);
    await this.messageFiles.fill(dto.messages);
    return dto;
  }
}

function toMessagePage(page: Page, signer: UrlSigner): MessagePageDto {
  return {
    messages: page.messages.map((view) => toMessageResponse(view, signer)),
    hasMore: page.hasMore,
  };
}

export function messageNotFound(): NotFoundException {
  return new NotFoundException('Message not found');
}

function notYours(action: string): ForbiddenException {
  return new ForbiddenException(`Only the sender can ${action} a message`);
}

/** The message a change left (or found), or the refusal its outcome stands for. */
function viewOrRefusal(outcome: ChangeOutcome): MessageView {
  switch (outcome.kind) {
    case 'changed':
    case 'unchanged':
      return outcome.view;
    case 'not-found':
      throw messageNotFound();
    case 'forbidden':
      throw notYours('change');
    case 'too-many-reactions':
      throw new BadRequestException([
        `emoji would be a new one beyond the ${MAX_DISTINCT_REACTIONS} different emojis a message can carry`,
      ]);
  }
}
