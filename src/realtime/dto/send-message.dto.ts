import { CreateMessageDto } from '../../messages/dto/create-message.dto';
import { IsId } from '../../common/validation';

/** `message:send`: the REST body's rules, plus the room. */
export class SendMessageDto extends CreateMessageDto {
  @IsId({ message: 'roomId must be a UUID' })
  roomId: string;
}
