import type { MessageResponseDto } from './dto/message-response.dto';

/**
 * Published by MessagesService once the message is committed, whichever door it came in by.
 * Realtime turns it into `message:new`; the service never imports the gateway.
 */
export const MESSAGE_CREATED = 'message.created';

export interface MessageCreatedEvent {
  message: MessageResponseDto;
}

/**
 * Published by MessagesService once an edit, deletion or reaction change is committed,
 * whichever door it came in by, in the order of the message's versions. Realtime turns it
 * into `message:updated` (in version order per socket); the service never imports the gateway.
 */
export const MESSAGE_UPDATED = 'message.updated';

export interface MessageUpdatedEvent {
  /** The whole message as this change left it: `version` is the change's number. */
  message: MessageResponseDto;
}
