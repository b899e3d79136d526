import type { UserEntity } from '../../accounts/user.entity';
import { UserRefDto, toUserRef } from '../../rooms/dto/room-response.dto';
import type { MessageEntity } from '../message.entity';

export class MessageResponseDto {
  id: string;
  roomId: string;
  /** Per room, from 1, gap-free, in commit order. */
  seq: number;
  body: string;
  sender: UserRefDto;
  /** The sender's idempotency key, or null. */
  clientMsgId: string | null;
  /** ISO 8601 UTC. */
  createdAt: string;
}

export class MessagePageDto {
  /** Ascending seq. */
  messages: MessageResponseDto[];
  /** More messages exist beyond this page in the direction of travel. */
  hasMore: boolean;
}

/** The sender comes from `message.sender` when loaded with the message, or is given. */
export function toMessageResponse(
  message: Omit<MessageEntity, 'sender'> & { sender?: Pick<UserEntity, 'id' | 'username'> },
  sender: Pick<UserEntity, 'id' | 'username'> | undefined = message.sender,
): MessageResponseDto {
  if (!sender) throw new Error(`message ${message.id} was mapped without its sender`);
  return {
    id: message.id,
    roomId: message.roomId,
    seq: message.seq,
    body: message.body,
    sender: toUserRef(sender),
    clientMsgId: message.clientMsgId,
    createdAt: message.createdAt.toISOString(),
  };
}
