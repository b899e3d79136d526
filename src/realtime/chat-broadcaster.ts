import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { Server, Socket } from 'socket.io';
import { SESSION_REVOKED, SessionRevokedEvent } from '../accounts/session-events';
import { AccountsService } from '../accounts/accounts.service';
import { renewAvatarUrl, UserCard } from '../accounts/user-card';
import { USER_UPDATED, UserUpdatedEvent } from '../accounts/user-events';
import { UrlSigner } from '../common/signed-urls/url-signer';
import type {
  ChatMessage,
  ChatUser,
  ClientToServerEvents,
  ServerToClientEvents,
  SocketData,
} from './chat-events';
import { AppConfig, InjectAppConfig } from '../config/app-config';
import {
  MemberAddedEvent,
  MemberEvent,
  MemberRemovedEvent,
  MemberUpdatedEvent,
} from '../members/member-events';
import {
  MESSAGE_CREATED,
  MESSAGE_UPDATED,
  MessageCreatedEvent,
  MessageUpdatedEvent,
} from '../messages/message-events';
import { MessagesService } from '../messages/messages.service';
import { RoomCreatedEvent, RoomEvent, RoomUpdatedEvent } from '../rooms/room-events';
import { roomChannel, sessionChannel, userChannel } from './channels';
import { BY_VERSION, InSeqOrder } from './in-seq-order';
import { PresenceStore } from './presence-store';
import { SocketSessions } from './socket-sessions';

/** Longest the shutdown waits for Socket.IO to finish closing; see closeConnections(). */
const CLOSE_WAIT_MS = 1000;
/**
 * Longest a removal waits for the other instances to confirm that the user's sockets there
 * left the room. One that does not answer (it died) is not waited for longer: its sockets
 * are gone with it, and the adapter's socketsLeave still reaches it if it is only slow.
 */
const REMOVAL_ACK_WAIT_MS = 1000;

/** Most changes read at once while filling a hole in message:updated's version order. */
const CHANGE_FILL_PAGE = 100;

/** A user is no longer a member of a room. */
export interface Removal {
  roomId: string;
  userId: string;
}

/**
 * Between instances: every instance hears of every message and every change, to deliver them
 * in order locally, and of every removal from a room, to take its own sockets of that user out
 * of the room (channel, joined state, presence) before the removal is answered.
 */
export interface InterServerEvents {
  'message:created': (message: ChatMessage) => void;
  'message:updated': (message: ChatMessage) => void;
  'member:removed': (removal: Removal, done: (isDone: true) => void) => void;
  /** A user's new name or avatar, for their sockets and presence on every instance. */
  'user:updated': (user: ChatUser) => void;
}

/** The removed user's sockets on this instance, already out of the room's channel. */
export type RemovalListener = (roomId: string, sockets: ChatSocket[]) => void;

/**
 * What this server keeps on a socket: the wire's SocketData, and the user's card, which every
 * message they send carries as its sender (so a send reads no user row). Both are refreshed
 * on every instance when the user changes name or avatar.
 */
export interface ServerSocketData extends SocketData {
  card: UserCard;
}

export type ChatServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  ServerSocketData
>;

export type ChatSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  never,
  ServerSocketData
>;

/**
 * Everything the server says unprompted. Domain events from the services (whichever door a
 * message came in by) become broadcasts; each is one `emit` to a channel, so Socket.IO
 * encodes the payload once however many sockets receive it.
 */
@Injectable()
export class ChatBroadcaster implements OnModuleDestroy {
  private readonly logger = new Logger(ChatBroadcaster.name);
  private server?: ChatServer;
  private readonly isClustered: boolean;
  /**
   * message:new goes out per instance, to its own sockets, after the InSeqOrder: each
   * instance hears of every message (its own and, through the adapter, the others'), so the
   * seq order holds for every socket however the instances' commits interleave.
   */
  private readonly inOrder: InSeqOrder<ChatMessage>;
  /** message:updated the same way, by version: a change that comes early waits for its predecessor. */
  private readonly inVersionOrder: InSeqOrder<ChatMessage>;
  private removalListener?: RemovalListener;

  constructor(
    @InjectAppConfig() config: AppConfig,
    messages: MessagesService,
    private readonly sessions: SocketSessions,
    private readonly presenceStore: PresenceStore,
    private readonly accounts: AccountsService,
    private readonly signer: UrlSigner,
  ) {
    this.isClustered = config.redis !== undefined;
    this.inOrder = new InSeqOrder<ChatMessage>(
      (message) => this.server?.local.to(roomChannel(message.roomId)).emit('message:new', message),
      (roomId, afterSeq, beforeSeq) => messages.between(roomId, afterSeq, beforeSeq),
    );
    this.inVersionOrder = new InSeqOrder<ChatMessage>(
      (message) =>
        this.server?.local.to(roomChannel(message.roomId)).emit('message:updated', message),
      (roomId, after, before) => changesBetween(messages, roomId, after, before),
      undefined,
      BY_VERSION,
    );
  }

  attach(server: ChatServer): void {
    this.server = server;
    if (!this.isClustered) return;
    server.on('message:created', (message) => this.inOrder.push(message));
    server.on('message:updated', (message) => this.inVersionOrder.push(message));
    server.on('user:updated', (user) => void this.refreshUserHere(user));
    server.on('member:removed', (removal, done) => {
      this.removeHere(removal);
      done(true);
    });
  }

  /** Told of every removal's sockets on this instance, to clear their joined state and presence. */
  onRemoval(listener: RemovalListener): void {
    this.removalListener = listener;
  }

  /**
   * Stops taking connections and closes the ones open: their clients reconnect (through the
   * load balancer) to another instance and rejoin with afterSeq.
   *
   * Socket.IO's close() then closes the HTTP server too and waits for its last connection,
   * which a half-sent request holds for a minute (headersTimeout). Nest ends whatever lingers
   * once the shutdown hooks are done (forceCloseConnections), so this waits a moment at most.
   */
  async closeConnections(): Promise<void> {
    if (!this.server) return;
    let timer: NodeJS.Timeout | undefined;
    const aMoment = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)));
    await Promise.race([this.server.close(), aMoment]);
    clearTimeout(timer);
  }

  onModuleDestroy(): void {
    this.inOrder.clear();
    this.inVersionOrder.clear();
  }

  /**
   * A socket joined a room whose newest message is `lastSeq` and newest change `lastChange`:
   * live delivery goes on from there.
   */
  roomJoined(roomId: string, lastSeq: number, lastChange: number): void {
    this.inOrder.startAt(roomId, lastSeq + 1);
    this.inVersionOrder.startAt(roomId, lastChange + 1);
  }

  @OnEvent(MESSAGE_CREATED)
  onMessageCreated({ message }: MessageCreatedEvent): void {
    this.inOrder.push(message);
    if (this.isClustered) this.server?.serverSideEmit('message:created', message);
  }

  @OnEvent(MESSAGE_UPDATED)
  onMessageUpdated({ message }: MessageUpdatedEvent): void {
    this.inVersionOrder.push(message);
    if (this.isClustered) this.server?.serverSideEmit('message:updated', message);
  }

  @OnEvent(RoomEvent.Created)
  onRoomCreated({ room }: RoomCreatedEvent): void {
    this.server?.emit('room:created', room);
  }

  @OnEvent(RoomEvent.Updated)
  onRoomUpdated({ roomId, room }: RoomUpdatedEvent): void {
    this.server?.to(roomChannel(roomId)).emit('room:updated', room);
  }

  /** The new member's own view of the room to each of their sockets; the member to the room. */
  @OnEvent(MemberEvent.Added)
  onMemberAdded({ roomId, userId, member, room }: MemberAddedEvent): void {
    this.server?.to(userChannel(userId)).emit('room:added', room);
    this.server?.to(roomChannel(roomId)).emit('room:member', { roomId, userId, member });
  }

  @OnEvent(MemberEvent.Updated)
  onMemberUpdated({ roomId, userId, member }: MemberUpdatedEvent): void {
    this.server?.to(roomChannel(roomId)).emit('room:member', { roomId, userId, member });
  }

  /**
   * Removal, leave or ban: the user's sockets leave the room on every instance before this
   * resolves (MembersService awaits it before answering), so nothing of the room reaches them
   * afterwards; each of their sockets gets `room:removed`, then the room hears of it.
   */
  @OnEvent(MemberEvent.Removed)
  async onMemberRemoved({ roomId, userId }: MemberRemovedEvent): Promise<void> {
    if (!this.server) return;
    // Through the adapter, for every instance (also one this instance does not know of yet).
    this.server.in(userChannel(userId)).socketsLeave(roomChannel(roomId));
    this.removeHere({ roomId, userId });
    if (this.isClustered) await this.othersRemove({ roomId, userId });
    this.server.to(roomChannel(roomId)).emit('room:member', { roomId, userId, member: null });
  }

  /**
   * This instance's part of a removal, all synchronous: out of the room's channel at once (the
   * cluster adapter's socketsLeave acts locally only after its round trip to Redis), joined
   * state and presence cleared, and `room:removed` to every socket of the user here.
   */
  private removeHere({ roomId, userId }: Removal): void {
    if (!this.server) return;
    const sockets = [...this.localSocketsIn(userChannel(userId))];
    for (const socket of sockets) void socket.leave(roomChannel(roomId));
    this.removalListener?.(roomId, sockets);
    for (const socket of sockets) socket.emit('room:removed', { roomId });
  }

  private async othersRemove(removal: Removal): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const aMoment = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, REMOVAL_ACK_WAIT_MS);
    });
    try {
      await Promise.race([this.server!.serverSideEmitWithAck('member:removed', removal), aMoment]);
    } catch (error) {
      this.logger.warn(
        `Not every instance confirmed a removal from room ${removal.roomId}: ${String(error)}`,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Logout or refresh-token reuse: that session's sockets here are refused from now on (an
   * event already read from them must not slip through), and they go, on every instance.
   */
  @OnEvent(SESSION_REVOKED)
  onSessionRevoked({ sessionId }: SessionRevokedEvent): void {
    if (!this.server) return;
    const channel = sessionChannel(sessionId);
    this.sessions.revoke(this.localSocketsIn(channel));
    this.server.in(channel).disconnectSockets(true);
  }

  /**
   * A user changed name or avatar: everyone sharing a room with them hears it (one emit to
   * all their user channels, through the adapter to every instance), and each instance
   * updates what its sockets of that user show in presence and typing.
   */
  @OnEvent(USER_UPDATED)
  async onUserUpdated({ user, recipientIds }: UserUpdatedEvent): Promise<void> {
    if (!this.server) return;
    this.server.to(recipientIds.map(userChannel)).emit('user:updated', user);
    if (this.isClustered) this.server.serverSideEmit('user:updated', user);
    await this.refreshUserHere(user);
  }

  private async refreshUserHere(user: ChatUser): Promise<void> {
    const sockets = [...this.localSocketsIn(userChannel(user.id))];
    if (sockets.length === 0) return;
    const roomIds = new Set<string>();
    for (const socket of sockets) {
      socket.data.user = user;
      for (const roomId of socket.data.joinedRoomIds) roomIds.add(roomId);
    }
    await this.refreshCards(user.id, sockets);
    try {
      await this.presenceStore.refreshUser(user, [...roomIds]);
    } catch (error) {
      this.logger.warn(`presence not refreshed for ${user.id}: ${String(error)}`);
    }
  }

  /** The wire user carries no avatar key: one read of the card serves all the user's sockets here. */
  private async refreshCards(userId: string, sockets: ChatSocket[]): Promise<void> {
    try {
      const card = await this.accounts.card(userId);
      if (card) for (const socket of sockets) socket.data.card = card;
    } catch (error) {
      this.logger.warn(`sender card not refreshed for ${userId}: ${String(error)}`);
    }
  }

  private *localSocketsIn(channel: string): Iterable<ChatSocket> {
    const { adapter, sockets } = this.server!.sockets;
    for (const id of adapter.rooms.get(channel) ?? []) {
      const socket = sockets.get(id);
      if (socket) yield socket;
    }
  }

  presence(roomId: string, change: { joined?: ChatUser[]; left?: ChatUser[] }): void {
    this.server?.to(roomChannel(roomId)).emit('presence', {
      roomId,
      joined: this.signedNow(change.joined ?? []),
      left: this.signedNow(change.left ?? []),
    });
  }

  /** To the others in the room: not to any of the typist's own sockets. */
  typing(roomId: string, user: ChatUser, isTyping: boolean): void {
    this.server
      ?.to(roomChannel(roomId))
      .except(userChannel(user.id))
      .emit('typing', { roomId, user: this.signedNow([user])[0], isTyping });
  }

  /**
   * Users as kept by a socket or in presence, with their avatar URLs signed again: the ones
   * they hold were signed when the socket connected or the user last changed, maybe days ago.
   */
  signedNow(users: ChatUser[]): ChatUser[] {
    return users.map((user) => ({
      ...user,
      avatarUrl: renewAvatarUrl(user.avatarUrl, this.signer),
    }));
  }
}

/**
 * The messages whose current version lies between `after` and `before` (exclusive), lowest
 * first, read page by page: a change between them that is not there was superseded by a later
 * change of the same message.
 */
async function changesBetween(
  messages: MessagesService,
  roomId: string,
  after: number,
  before: number,
): Promise<ChatMessage[]> {
  const found: ChatMessage[] = [];
  for (let cursor = after; ;) {
    const page = await messages.changesAfter(roomId, cursor, CHANGE_FILL_PAGE);
    for (const message of page.messages) {
      if (message.version >= before) return found;
      found.push(message);
    }
    if (!page.hasMore || page.messages.length === 0) return found;
    cursor = page.messages[page.messages.length - 1].version;
  }
}
