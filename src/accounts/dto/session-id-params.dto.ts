import { IsId } from '../../common/validation';

export class SessionIdParams {
  @IsId({ message: 'id must be a UUID' })
  id: string;
}
