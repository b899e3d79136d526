import { SessionEntity } from '../accounts/session.entity';
import { UserEntity } from '../accounts/user.entity';
import { FileEntity } from '../files/file.entity';
import { MessageEntity } from '../messages/message.entity';
import { RoomEntity } from '../rooms/room.entity';

export const ENTITIES = [UserEntity, SessionEntity, RoomEntity, MessageEntity, FileEntity];
