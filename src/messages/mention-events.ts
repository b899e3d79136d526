import type { MessageResponseDto } from './dto/message-response.dto';

/**
 * Published by MessagesService once an edit that mentions someone new is committed: only the
 * newly mentioned are notified of an edit (API.md). Realtime turns it into `notification`.
 */
export const MENTIONS_ADDED = 'message.mentions-added';

export interface MentionsAddedEvent {
  /** The message as the edit left it. */
  message: MessageResponseDto;
  /** Mentioned by the new body and not by the one it replaced; never the editor. */
  userIds: string[];
}
