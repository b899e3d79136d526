import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { Server } from 'socket.io';
import {
  DomainEvent,
  MessageCreatedEvent,
  RoomCreatedEvent,
  SessionRevokedEvent,
} from '../../common/domain-events';
import type {
  ChatMessage,
  ChatUser,
  ClientToServerEvents,
  ServerToClientEvents,
  SocketData,
} from '../chat-events';
import { roomChannel, sessionChannel, userChannel } from './channels';
import { InSeqOrder } from './in-seq-order';

export type ChatServer = Server<ClientToServerEvents, ServerToClientEvents, never, SocketData>;

/**
 * Everything the server says unprompted. Domain events from the services (whichever door a
 * message came in by) become broadcasts; each is one `emit` to a channel, so Socket.IO
 * encodes the payload once however many sockets receive it.
 */
@Injectable()
export class ChatBroadcaster implements OnModuleDestroy {
  private server?: ChatServer;
  private readonly inOrder = new InSeqOrder<ChatMessage>((message) =>
    this.server?.to(roomChannel(message.roomId)).emit('message:new', message),
  );

  attach(server: ChatServer): void {
    this.server = server;
  }

  onModuleDestroy(): void {
    this.inOrder.clear();
  }

  @OnEvent(DomainEvent.MessageCreated)
  onMessageCreated({ message }: MessageCreatedEvent): void {
    this.inOrder.push(message);
  }

  @OnEvent(DomainEvent.RoomCreated)
  onRoomCreated({ room }: RoomCreatedEvent): void {
    this.server?.emit('room:created', room);
  }

  /** Logout or refresh-token reuse: that session's sockets go, on every instance. */
  @OnEvent(DomainEvent.SessionRevoked)
  onSessionRevoked({ sessionId }: SessionRevokedEvent): void {
    this.server?.in(sessionChannel(sessionId)).disconnectSockets(true);
  }

  presence(roomId: string, change: { joined?: ChatUser[]; left?: ChatUser[] }): void {
    this.server
      ?.to(roomChannel(roomId))
      .emit('presence', { roomId, joined: change.joined ?? [], left: change.left ?? [] });
  }

  /** To the others in the room: not to any of the typist's own sockets. */
  typing(roomId: string, user: ChatUser, isTyping: boolean): void {
    this.server
      ?.to(roomChannel(roomId))
      .except(userChannel(user.id))
      .emit('typing', { roomId, user, isTyping });
  }
}
