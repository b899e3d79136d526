import { BeforeApplicationShutdown, Logger, UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { AccountsService } from '../accounts/accounts.service';
import { AttentionService } from '../attention/attention.service';
import { AppConfig, InjectAppConfig } from '../config/app-config';
import { MessagesService } from '../messages/messages.service';
import { AttentionBroadcaster } from './attention-broadcaster';
import { ChatBroadcaster, ChatServer, ChatSocket } from './chat-broadcaster';
import {
  DeleteMessagePayloadDto,
  EditMessagePayloadDto,
  SetReactionPayloadDto,
} from '../messages/dto/message-change-payloads.dto';
import type {
  Ack,
  JoinRoomResult,
  MessageChangeResult,
  ReadState,
  SendMessageResult,
} from './chat-events';
import { JoinRoomDto } from './dto/join-room.dto';
import { ReadRoomDto } from './dto/read-room.dto';
import { RoomRefDto } from './dto/room-ref.dto';
import { SendMessageDto } from './dto/send-message.dto';
import { TypingDto } from './dto/typing.dto';
import { RoomSessionsService } from './room-sessions.service';
import { socketAuth } from './socket-auth.middleware';
import { SocketPayloadPipe } from './socket-payload.pipe';
import { callerOf, SocketSessions } from './socket-sessions';
import { WsAckFilter } from './ws-ack.filter';
import { WsJwtGuard } from './ws-jwt.guard';

/**
 * The Socket.IO door to the same services REST uses, guarded by JWT: the access token is
 * verified at the handshake (socketAuth), and WsJwtGuard refuses the events of a socket whose
 * session has ended since. Each handler's payload is validated, it makes one call to the room
 * sessions and answers through the ack (failures too, via WsAckFilter).
 */
@WebSocketGateway()
@UseGuards(WsJwtGuard)
@UseFilters(WsAckFilter)
@UsePipes(SocketPayloadPipe)
export class ChatGateway
  implements
    OnGatewayInit<ChatServer>,
    OnGatewayConnection<ChatSocket>,
    OnGatewayDisconnect<ChatSocket>,
    BeforeApplicationShutdown
{
  private readonly logger = new Logger(ChatGateway.name);

  constructor(
    private readonly accounts: AccountsService,
    private readonly messages: MessagesService,
    private readonly broadcaster: ChatBroadcaster,
    private readonly roomSessions: RoomSessionsService,
    private readonly socketSessions: SocketSessions,
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly attention: AttentionService,
    private readonly attentionBroadcaster: AttentionBroadcaster,
  ) {}

  afterInit(server: ChatServer): void {
    server.use(
      socketAuth(this.accounts, this.socketSessions, this.config.realtime.maxSocketsPerUser),
    );
    this.broadcaster.attach(server);
    this.attentionBroadcaster.attach(server);
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

  async handleConnection(socket: ChatSocket): Promise<void> {
    try {
      await this.socketSessions.confirmConnected(socket);
    } catch (error) {
      this.logger.error(error instanceof Error ? error.stack : String(error));
    }
  }

  async handleDisconnect(socket: ChatSocket): Promise<void> {
    try {
      await this.roomSessions.disconnect(socket);
    } catch (error) {
      this.logger.error(error instanceof Error ? error.stack : String(error));
    }
  }

  @SubscribeMessage('room:join')
  async onJoin(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: JoinRoomDto,
  ): Promise<Ack<JoinRoomResult>> {
    return { ok: true, ...(await this.roomSessions.join(socket, payload)) };
  }

  @SubscribeMessage('room:leave')
  async onLeave(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() { roomId }: RoomRefDto,
  ): Promise<Ack> {
    await this.roomSessions.leave(socket, roomId);
    return { ok: true };
  }

  @SubscribeMessage('message:send')
  async onSend(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: SendMessageDto,
  ): Promise<Ack<SendMessageResult>> {
    return { ok: true, ...(await this.roomSessions.send(socket, payload)) };
  }

  @SubscribeMessage('typing')
  async onTyping(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: TypingDto,
  ): Promise<Ack> {
    await this.roomSessions.typing(socket, payload);
    return { ok: true };
  }

  /*
   * Changes name a message, not a room: the socket need not have joined its room. The service
   * checks what REST checks (the message's room visible to the caller, the sender for edits,
   * the sender or a moderator for deletions, members for reactions), and the change reaches
   * the room's sockets as message:updated, the caller's included.
   */

  @SubscribeMessage('message:edit')
  async onEdit(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() { messageId, body }: EditMessagePayloadDto,
  ): Promise<Ack<MessageChangeResult>> {
    return { ok: true, message: await this.messages.edit(callerOf(socket), messageId, body) };
  }

  @SubscribeMessage('message:delete')
  async onDelete(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() { messageId }: DeleteMessagePayloadDto,
  ): Promise<Ack> {
    await this.messages.delete(callerOf(socket), messageId);
    return { ok: true };
  }

  @SubscribeMessage('reaction:set')
  async onReact(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() { messageId, emoji, on }: SetReactionPayloadDto,
  ): Promise<Ack<MessageChangeResult>> {
    return {
      ok: true,
      message: await this.messages.react(callerOf(socket), messageId, emoji, on),
    };
  }

  /** Needs no room:join: a tab may mark a room read from its sidebar. */
  @SubscribeMessage('room:read')
  async onRead(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() { roomId, seq }: ReadRoomDto,
  ): Promise<Ack<ReadState>> {
    return { ok: true, ...(await this.attention.markRead(callerOf(socket), roomId, seq)) };
  }
}
