/*
 * Temporary, for the merge: each event now lives beside its feature (messages/message-events,
 * rooms/room-events, accounts/session-events). messages.service.ts, accounts.service.ts and
 * their specs are being changed on other branches and still import from here; point them at
 * their feature's file and delete this one once those branches are in.
 */
import { SESSION_REVOKED } from '../accounts/session-events';
import { MESSAGE_CREATED } from '../messages/message-events';
import { ROOM_CREATED } from '../rooms/room-events';

export type { SessionRevokedEvent } from '../accounts/session-events';
export type { MessageCreatedEvent } from '../messages/message-events';
export type { RoomCreatedEvent } from '../rooms/room-events';

export const DomainEvent = {
  MessageCreated: MESSAGE_CREATED,
  RoomCreated: ROOM_CREATED,
  SessionRevoked: SESSION_REVOKED,
} as const;
