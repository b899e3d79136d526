import { IsId } from '../../common/validation';

export class UserIdParams {
  /** User id (UUID). */
  @IsId({ message: 'id must be a UUID' })
  id: string;
}
