import type { MessageResponseDto } from '../messages/dto/message-response.dto';
import type { RoomDto } from '../rooms/dto/room-response.dto';

/**
 * Events published by the services after their transaction commits. Listeners (the socket
 * gateway) turn them into broadcasts; services never import the gateway.
 */
export const DomainEvent = {
  MessageCreated: 'message.created',
  RoomCreated: 'room.created',
  SessionRevoked: 'session.revoked',
} as const;

export interface MessageCreatedEvent {
  message: MessageResponseDto;
}

/** Public rooms only, without membership: it goes to every connected socket. */
export interface RoomCreatedEvent {
  room: RoomDto;
}

export interface SessionRevokedEvent {
  sessionId: string;
  userId: string;
}
