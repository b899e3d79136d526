import { SessionEntity } from '../accounts/session.entity';
import { UserEntity } from '../accounts/user.entity';
import { FileEntity } from '../files/file.entity';
import { RoomBanEntity } from '../members/room-ban.entity';
import { RoomMemberEntity } from '../members/room-member.entity';
import { MessageMentionEntity } from '../messages/message-mention.entity';
import { MessageReactionEntity } from '../messages/message-reaction.entity';
import { MessageRevisionEntity } from '../messages/message-revision.entity';
import { MessageEntity } from '../messages/message.entity';
import { RoomEntity } from '../rooms/room.entity';

export const ENTITIES = [
  UserEntity,
  SessionEntity,
  RoomEntity,
  MessageEntity,
  RoomMemberEntity,
  RoomBanEntity,
  FileEntity,
  MessageRevisionEntity,
  MessageReactionEntity,
  MessageMentionEntity,
];
