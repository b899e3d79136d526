import { IsId } from '../../common/validation';

export class RoomIdParams {
  /** Room id (UUID). */
  @IsId({ message: 'id must be a UUID' })
  id: string;
}
