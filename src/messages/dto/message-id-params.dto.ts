import { IsUUID } from 'class-validator';

export class MessageIdParams {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}
