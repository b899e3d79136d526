import type { MessageResponseDto } from './dto/message-response.dto';

/**
 * Published by MessagesService once the message is committed, whichever door it came in by.
 * Realtime turns it into `message:new`; the service never imports the gateway.
 */
export const MESSAGE_CREATED = 'message.created';

export interface MessageCreatedEvent {
  message: MessageResponseDto;
}
