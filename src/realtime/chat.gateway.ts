import { BeforeApplicationShutdown, Logger, UseFilters, UsePipes } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { AccountsService } from '../accounts/accounts.service';
import type { AuthUser } from '../common/auth.decorators';
import { AppConfig, InjectAppConfig } from '../config/app-config';
import { RoomsService } from '../rooms/rooms.service';
import type {
  Ack,
  ClientToServerEvents,
  JoinRoomResult,
  SendMessageResult,
  ServerToClientEvents,
  SocketData,
} from './chat-events';
import { JoinRoomDto } from './dto/join-room.dto';
import { RoomRefDto } from './dto/room-ref.dto';
import { SendMessageDto } from './dto/send-message.dto';
import { TypingDto } from './dto/typing.dto';
import { MessagesService } from '../messages/messages.service';
import { roomChannel } from './channels';
import { ChatBroadcaster, ChatServer } from './chat-broadcaster';
import { ChatError } from './chat-error';
import { PresenceStore } from './presence-store';
import { socketAuth } from './socket-auth.middleware';
import { SocketPayloadPipe } from './socket-payload.pipe';
import { TypingRateLimiter } from './typing-rate-limiter';
import { TypingTimers } from './typing-timers';
import { WsAckFilter } from './ws-ack.filter';

type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, never, SocketData>;

const NO_CATCH_UP = { messages: [], hasMore: false };

/**
 * The Socket.IO door to the same services REST uses. Sockets are authenticated once, at the
 * handshake; each handler validates its payload, checks membership, makes one service call
 * and answers through the ack (failures too, via WsAckFilter).
 */
@WebSocketGateway()
@UseFilters(WsAckFilter)
@UsePipes(SocketPayloadPipe)
export class ChatGateway
  implements OnGatewayInit<ChatServer>, OnGatewayDisconnect<ChatSocket>, BeforeApplicationShutdown
{
  private readonly logger = new Logger(ChatGateway.name);
  private readonly typingTimers = new TypingTimers();

  constructor(
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly accounts: AccountsService,
    private readonly rooms: RoomsService,
    private readonly messages: MessagesService,
    private readonly presence: PresenceStore,
    private readonly broadcaster: ChatBroadcaster,
    private readonly typingLimiter: TypingRateLimiter,
  ) {}

  afterInit(server: ChatServer): void {
    server.use(socketAuth(this.accounts));
    this.broadcaster.attach(server);
    this.presence.onChange((roomId, change) => this.broadcaster.presence(roomId, change));
  }

  /**
   * SIGTERM (enableShutdownHooks): send the clients elsewhere, then let the messages being
   * written commit before the database closes. Their senders may miss the ack; they resend
   * with the same clientMsgId on reconnect and get the stored message back.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.logger.log('Shutting down: closing connections so clients reconnect elsewhere');
    await this.broadcaster.closeConnections();
    await this.messages.drain();
    this.logger.log('Drained: every message write started has finished');
  }

  async handleDisconnect(socket: ChatSocket): Promise<void> {
    try {
      for (const roomId of [...(socket.data.joinedRoomIds ?? [])]) await this.leave(socket, roomId);
    } catch (error) {
      this.logger.error(error instanceof Error ? error.stack : String(error));
    }
  }

  @SubscribeMessage('room:join')
  async onJoin(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() { roomId, afterSeq }: JoinRoomDto,
  ): Promise<Ack<JoinRoomResult>> {
    const room = await this.rooms.get(roomId);
    const { user, joinedRoomIds } = socket.data;
    if (!joinedRoomIds.includes(roomId)) {
      if (joinedRoomIds.length >= this.config.realtime.maxRoomsPerSocket) {
        throw new ChatError(
          'VALIDATION',
          `A connection can be in at most ${this.config.realtime.maxRoomsPerSocket} rooms; leave one first`,
        );
      }
      joinedRoomIds.push(roomId);
      this.broadcaster.roomJoined(roomId, room.lastSeq);
      // Join before reading the history: a message committed meanwhile then arrives live
      // (perhaps also in `missed`; clients drop repeats by seq) instead of falling between.
      await socket.join(roomChannel(roomId));
      if (await this.presence.add(roomId, user, socket.id)) {
        this.broadcaster.presence(roomId, { joined: [user] });
      }
    }
    const [users, catchUp] = await Promise.all([
      this.presence.usersIn(roomId),
      afterSeq === undefined ? NO_CATCH_UP : this.messages.catchUp(roomId, afterSeq),
    ]);
    return { ok: true, room, users, missed: catchUp.messages, hasMore: catchUp.hasMore };
  }

  @SubscribeMessage('room:leave')
  async onLeave(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() { roomId }: RoomRefDto,
  ): Promise<Ack> {
    await this.leave(socket, roomId);
    return { ok: true };
  }

  @SubscribeMessage('message:send')
  async onSend(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() { roomId, ...draft }: SendMessageDto,
  ): Promise<Ack<SendMessageResult>> {
    await this.assertJoined(socket, roomId);
    const { message } = await this.messages.post(callerOf(socket), roomId, draft);
    return { ok: true, message };
  }

  @SubscribeMessage('typing')
  async onTyping(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() { roomId, isTyping }: TypingDto,
  ): Promise<Ack> {
    await this.assertJoined(socket, roomId);
    const { user } = socket.data;
    await this.typingLimiter.consume(user.id);
    if (isTyping) {
      this.typingTimers.start(roomId, user.id, () => this.broadcaster.typing(roomId, user, false));
      this.broadcaster.typing(roomId, user, true);
    } else if (this.typingTimers.stop(roomId, user.id)) {
      this.broadcaster.typing(roomId, user, false);
    }
    return { ok: true };
  }

  /** Leaves one room; the user leaves its presence when this was their last socket there. */
  private async leave(socket: ChatSocket, roomId: string): Promise<void> {
    const { user, joinedRoomIds } = socket.data;
    const index = joinedRoomIds.indexOf(roomId);
    if (index === -1) return;
    joinedRoomIds.splice(index, 1);
    await socket.leave(roomChannel(roomId));
    if (!(await this.presence.remove(roomId, user.id, socket.id))) return;
    if (this.typingTimers.stop(roomId, user.id)) this.broadcaster.typing(roomId, user, false);
    this.broadcaster.presence(roomId, { left: [user] });
  }

  /** Joined rooms exist (rooms are never deleted), so only the refusal costs a query. */
  private async assertJoined(socket: ChatSocket, roomId: string): Promise<void> {
    if (socket.data.joinedRoomIds.includes(roomId)) return;
    await this.rooms.assertExists(roomId);
    throw new ChatError('NOT_JOINED', 'Join the room (room:join) before sending to it');
  }
}

function callerOf(socket: ChatSocket): AuthUser {
  return {
    id: socket.data.user.id,
    username: socket.data.user.username,
    sessionId: socket.data.sessionId,
  };
}
