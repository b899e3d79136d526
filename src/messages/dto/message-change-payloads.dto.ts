import { IsBoolean } from 'class-validator';
import { EditMessageDto } from './edit-message.dto';
import { IsOneEmoji } from './emoji';
import { IsId } from '../../common/validation';

/*
 * Socket payloads of the changes (API.md "Edit, delete, react, reply"), for the realtime
 * handlers: each is one MessagesService call.
 */

/** `message:edit { messageId, body }` → MessagesService.edit(). */
export class EditMessagePayloadDto extends EditMessageDto {
  @IsId({ message: 'messageId must be a UUID' })
  messageId: string;
}

/** `message:delete { messageId }` → MessagesService.delete(). */
export class DeleteMessagePayloadDto {
  @IsId({ message: 'messageId must be a UUID' })
  messageId: string;
}

/** `reaction:set { messageId, emoji, on }` → MessagesService.react(). */
export class SetReactionPayloadDto {
  @IsId({ message: 'messageId must be a UUID' })
  messageId: string;

  @IsOneEmoji()
  emoji: string;

  @IsBoolean({ message: 'on must be a boolean' })
  on: boolean;
}
