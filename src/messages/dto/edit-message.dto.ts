import { PickType } from '@nestjs/swagger';
import { CreateMessageDto } from './create-message.dto';

/** A new body, under the rules of a send: 1–4000 characters after trimming. */
export class EditMessageDto extends PickType(CreateMessageDto, ['body'] as const) {}
