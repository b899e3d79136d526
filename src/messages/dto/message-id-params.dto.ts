import { IsId } from '../../common/validation';

export class MessageIdParams {
  @IsId({ message: 'id must be a UUID' })
  id: string;
}
