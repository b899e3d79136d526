import { SessionEntity } from '../accounts/session.entity';
import { UserEntity } from '../accounts/user.entity';
import { MessageReactionEntity } from '../messages/message-reaction.entity';
import { MessageRevisionEntity } from '../messages/message-revision.entity';
import { MessageEntity } from '../messages/message.entity';
import { RoomEntity } from '../rooms/room.entity';

export const ENTITIES = [
  UserEntity,
  SessionEntity,
  RoomEntity,
  MessageEntity,
  MessageRevisionEntity,
  MessageReactionEntity,
];
