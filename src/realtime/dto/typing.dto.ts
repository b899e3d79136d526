import { IsBoolean } from 'class-validator';
import { RoomRefDto } from './room-ref.dto';

export class TypingDto extends RoomRefDto {
  @IsBoolean({ message: 'isTyping must be a boolean' })
  isTyping: boolean;
}
