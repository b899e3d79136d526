import { Injectable } from '@nestjs/common';
import { AppConfig, InjectAppConfig } from '../config/app-config';
import { MessagesService } from '../messages/messages.service';
import { RoomsService } from '../rooms/rooms.service';
import { roomChannel } from './channels';
import { ChatBroadcaster, ChatSocket } from './chat-broadcaster';
import { ChatError } from './chat-error';
import type { JoinRoomResult, SendMessageResult } from './chat-events';
import type { JoinRoomDto } from './dto/join-room.dto';
import type { SendMessageDto } from './dto/send-message.dto';
import type { TypingDto } from './dto/typing.dto';
import { PresenceStore } from './presence-store';
import { callerOf } from './socket-sessions';
import { TypingRateLimiter } from './typing-rate-limiter';
import { TypingTimers } from './typing-timers';

const NO_CATCH_UP = { messages: [], hasMore: false };

/**
 * A socket's time in rooms: joining (the per-socket cap, live delivery from the room's last
 * seq, presence, catch-up), sending and typing where it has joined, and leaving, also all at
 * once when it disconnects. The gateway makes one call here per event.
 */
@Injectable()
export class RoomSessionsService {
  private readonly typingTimers = new TypingTimers();

  constructor(
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly rooms: RoomsService,
    private readonly messages: MessagesService,
    private readonly presence: PresenceStore,
    private readonly broadcaster: ChatBroadcaster,
    private readonly typingLimiter: TypingRateLimiter,
  ) {
    presence.onChange((roomId, change) => broadcaster.presence(roomId, change));
  }

  async join(
    socket: ChatSocket,
    { roomId, afterSeq, afterChange }: JoinRoomDto,
  ): Promise<JoinRoomResult> {
    const room = await this.rooms.get(roomId);
    const { user, joinedRoomIds } = socket.data;
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
        this.broadcaster.presence(roomId, { joined: [user] });
      }
    }
    const [users, catchUp, changes] = await Promise.all([
      this.presence.usersIn(roomId),
      afterSeq === undefined ? NO_CATCH_UP : this.messages.catchUp(roomId, afterSeq),
      afterChange === undefined ? NO_CATCH_UP : this.messages.changesAfter(roomId, afterChange),
    ]);
    return {
      room,
      users,
      missed: catchUp.messages,
      hasMore: catchUp.hasMore,
      changed: changes.messages,
      changedHasMore: changes.hasMore,
    };
  }

  /** Leaves one room; the user leaves its presence when this was their last socket there. */
  async leave(socket: ChatSocket, roomId: string): Promise<void> {
    const { user, joinedRoomIds } = socket.data;
    const index = joinedRoomIds.indexOf(roomId);
    if (index === -1) return;
    joinedRoomIds.splice(index, 1);
    await socket.leave(roomChannel(roomId));
    if (!(await this.presence.remove(roomId, user.id, socket.id))) return;
    if (this.typingTimers.stop(roomId, user.id)) this.broadcaster.typing(roomId, user, false);
    this.broadcaster.presence(roomId, { left: [user] });
  }

  /** Leaves every room the socket was in. */
  async disconnect(socket: ChatSocket): Promise<void> {
    for (const roomId of [...(socket.data.joinedRoomIds ?? [])]) await this.leave(socket, roomId);
  }

  async send(socket: ChatSocket, { roomId, ...draft }: SendMessageDto): Promise<SendMessageResult> {
    await this.assertJoined(socket, roomId);
    const { message } = await this.messages.post(callerOf(socket), roomId, draft);
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

  /** Joined rooms exist (rooms are never deleted), so only the refusal costs a query. */
  private async assertJoined(socket: ChatSocket, roomId: string): Promise<void> {
    if (socket.data.joinedRoomIds.includes(roomId)) return;
    await this.rooms.assertExists(roomId);
    throw new ChatError('NOT_JOINED', 'Join the room (room:join) before sending to it');
  }
}
