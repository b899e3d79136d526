import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { AppConfig, InjectAppConfig } from '../config/app-config';
import { MembersService } from '../members/members.service';
import { HistoryReadLimiter } from '../messages/history-read-limiter';
import { MessagesService } from '../messages/messages.service';
import type { RoomResponseDto } from '../rooms/dto/room-response.dto';
import { RoomsService } from '../rooms/rooms.service';
import { roomChannel } from './channels';
import { ChatBroadcaster, ChatSocket } from './chat-broadcaster';
import { ChatError } from './chat-error';
import type { JoinRoomResult, SendMessageResult } from './chat-events';
import type { JoinRoomDto } from './dto/join-room.dto';
import type { SendMessageDto } from './dto/send-message.dto';
import type { TypingDto } from './dto/typing.dto';
import { PresenceCoalescer } from './presence-coalescer';
import { PresenceStore } from './presence-store';
import { callerOf } from './socket-sessions';
import { RoomJoinRateLimiter } from './room-join-rate-limiter';
import { TypingRateLimiter } from './typing-rate-limiter';
import { TypingTimers } from './typing-timers';

const NO_CATCH_UP = { messages: [], hasMore: false };

/** A room:join between its membership check and its joining: a removal meanwhile voids the check. */
interface PendingJoin {
  roomId: string;
  isVoided: boolean;
}

/**
 * A socket's time in rooms: joining (the per-socket cap, live delivery from the room's last
 * seq, presence, catch-up), sending and typing where it has joined, and leaving, also all at
 * once when it disconnects. The gateway makes one call here per event.
 */
@Injectable()
export class RoomSessionsService implements OnModuleDestroy {
  private readonly logger = new Logger(RoomSessionsService.name);
  private readonly typingTimers = new TypingTimers();
  private readonly pendingJoins = new WeakMap<ChatSocket, Set<PendingJoin>>();
  private readonly presenceEvents: PresenceCoalescer;

  constructor(
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly rooms: RoomsService,
    private readonly members: MembersService,
    private readonly messages: MessagesService,
    private readonly presence: PresenceStore,
    private readonly broadcaster: ChatBroadcaster,
    private readonly typingLimiter: TypingRateLimiter,
    private readonly historyLimiter: HistoryReadLimiter,
    private readonly joinLimiter: RoomJoinRateLimiter,
  ) {
    this.presenceEvents = new PresenceCoalescer(
      config.realtime.presenceCoalesceMs,
      (roomId, userIds) => presence.presentAmong(roomId, userIds),
      (roomId, change) => broadcaster.presence(roomId, change),
      (error) => this.logger.warn(`presence not read for an event: ${String(error)}`),
    );
    presence.onChange((roomId, change) => this.presenceEvents.report(roomId, change));
    broadcaster.onRemoval((roomId, sockets) => this.evict(roomId, sockets));
  }

  async onModuleDestroy(): Promise<void> {
    this.typingTimers.clear();
    await this.presenceEvents.close();
  }

  async join(
    socket: ChatSocket,
    { roomId, afterSeq, afterChange }: JoinRoomDto,
  ): Promise<JoinRoomResult> {
    await this.joinLimiter.consume(socket.data.user.id);
    const room = await this.admitted(socket, roomId);
    const { user, joinedRoomIds } = socket.data;
    // Gone while the room was read: its disconnect has already left every room it was in.
    if (socket.disconnected) throw new ChatError('NOT_JOINED', 'The connection has closed');
    if (!joinedRoomIds.includes(roomId)) {
      const { maxRoomsPerSocket } = this.config.realtime;
      if (joinedRoomIds.length >= maxRoomsPerSocket) {
        throw new ChatError(
          'VALIDATION',
          `A connection can be in at most ${maxRoomsPerSocket} rooms; leave one first`,
        );
      }
      joinedRoomIds.push(roomId);
      this.broadcaster.roomJoined(roomId, room.lastSeq, room.lastChange);
      // Join before reading the history: a message committed (or changed) meanwhile then
      // arrives live (perhaps also in `missed` or `changed`; clients drop repeats by seq and
      // version) instead of falling between.
      await socket.join(roomChannel(roomId));
      if (await this.presence.add(roomId, user, socket.id)) {
        this.presenceEvents.report(roomId, { joined: [user], left: [] });
      }
      // Gone while presence was written: the disconnect's removal may have run first, so
      // take this socket out again rather than leave the user "here" with no socket.
      if (socket.disconnected) {
        await this.leavePresence(socket, roomId);
        throw new ChatError('NOT_JOINED', 'The connection has closed');
      }
    }
    const isCatchingUp = afterSeq !== undefined || afterChange !== undefined;
    if (isCatchingUp) await this.historyLimiter.assertAvailable(user.id);
    const [users, catchUp, changes] = await Promise.all([
      this.presence.usersIn(roomId),
      afterSeq === undefined ? NO_CATCH_UP : this.messages.catchUp(roomId, afterSeq),
      afterChange === undefined ? NO_CATCH_UP : this.messages.changesAfter(roomId, afterChange),
    ]);
    if (isCatchingUp) {
      await this.historyLimiter.charge(user.id, catchUp.messages.length + changes.messages.length);
    }
    return {
      room,
      users: this.broadcaster.signedNow(users),
      missed: catchUp.messages,
      hasMore: catchUp.hasMore,
      changed: changes.messages,
      changedHasMore: changes.hasMore,
    };
  }

  /** Leaves one room; the user leaves its presence when this was their last socket there. */
  async leave(socket: ChatSocket, roomId: string): Promise<void> {
    if (!this.forget(socket, roomId)) return;
    await socket.leave(roomChannel(roomId));
    await this.leavePresence(socket, roomId);
  }

  /**
   * The user was removed from the room (or left it, or was banned): these sockets of theirs,
   * already out of its channel, are no longer joined at once, so a send is refused from now
   * on; a join under way is checked again; presence follows.
   */
  private evict(roomId: string, sockets: ChatSocket[]): void {
    for (const socket of sockets) {
      for (const pending of this.pendingJoins.get(socket) ?? []) {
        if (pending.roomId === roomId) pending.isVoided = true;
      }
      if (!this.forget(socket, roomId)) continue;
      this.leavePresence(socket, roomId).catch((error: unknown) =>
        this.logger.error(error instanceof Error ? error.stack : String(error)),
      );
    }
  }

  /**
   * The room as the user sees it, once they may be in it. A member passes on the one read the
   * ack needs anyway (kind and membership come with it), so joining costs no query more than
   * before membership; a public room's visitor becomes a member (banned: FORBIDDEN); a
   * private or direct room of others is NOT_FOUND. A removal during the check voids it.
   */
  private async admitted(socket: ChatSocket, roomId: string): Promise<RoomResponseDto> {
    const pending: PendingJoin = { roomId, isVoided: false };
    let pendingJoins = this.pendingJoins.get(socket);
    if (!pendingJoins) this.pendingJoins.set(socket, (pendingJoins = new Set()));
    pendingJoins.add(pending);
    try {
      for (;;) {
        pending.isVoided = false;
        const room = await this.membersView(socket, roomId);
        if (!pending.isVoided) return room;
      }
    } finally {
      pendingJoins.delete(pending);
    }
  }

  private async membersView(socket: ChatSocket, roomId: string): Promise<RoomResponseDto> {
    const { user } = socket.data;
    const room = await this.rooms.get(roomId, user.id);
    if (room.membership) return room;
    await this.members.ensureMember(roomId, user);
    return this.rooms.get(roomId, user.id);
  }

  /** Drops the room from the socket's joined state; false when it was not joined. */
  private forget(socket: ChatSocket, roomId: string): boolean {
    const { joinedRoomIds } = socket.data;
    const index = joinedRoomIds.indexOf(roomId);
    if (index === -1) return false;
    joinedRoomIds.splice(index, 1);
    return true;
  }

  private async leavePresence(socket: ChatSocket, roomId: string): Promise<void> {
    const { user } = socket.data;
    if (!(await this.presence.remove(roomId, user.id, socket.id))) return;
    if (this.typingTimers.stop(roomId, user.id)) this.broadcaster.typing(roomId, user, false);
    this.presenceEvents.report(roomId, { joined: [], left: [user] });
  }

  /** Leaves every room the socket was in. */
  async disconnect(socket: ChatSocket): Promise<void> {
    for (const roomId of [...(socket.data.joinedRoomIds ?? [])]) await this.leave(socket, roomId);
  }

  async send(socket: ChatSocket, { roomId, ...draft }: SendMessageDto): Promise<SendMessageResult> {
    await this.assertJoined(socket, roomId);
    const { message } = await this.messages.post(callerOf(socket), roomId, draft, socket.data.card);
    return { message };
  }

  async typing(socket: ChatSocket, { roomId, isTyping }: TypingDto): Promise<void> {
    await this.assertJoined(socket, roomId);
    const { user } = socket.data;
    await this.typingLimiter.consume(user.id);
    if (isTyping) {
      this.typingTimers.start(roomId, user.id, () => this.broadcaster.typing(roomId, user, false));
      this.broadcaster.typing(roomId, user, true);
    } else if (this.typingTimers.stop(roomId, user.id)) {
      this.broadcaster.typing(roomId, user, false);
    }
  }

  /**
   * Joining checked membership, and a removal clears the joined state on every instance, so
   * a joined socket needs no query; only the refusal costs one (NOT_FOUND for a room the user
   * may not see).
   */
  private async assertJoined(socket: ChatSocket, roomId: string): Promise<void> {
    if (socket.data.joinedRoomIds.includes(roomId)) return;
    await this.rooms.assertCanSee(roomId, socket.data.user.id);
    throw new ChatError('NOT_JOINED', 'Join the room (room:join) before sending to it');
  }
}
