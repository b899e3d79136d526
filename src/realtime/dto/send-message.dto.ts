import { IsUUID } from 'class-validator';
import { CreateMessageDto } from '../../messages/dto/create-message.dto';

/** `message:send`: the REST body's rules, plus the room. */
export class SendMessageDto extends CreateMessageDto {
  @IsUUID('all', { message: 'roomId must be a UUID' })
  roomId: string;
}
