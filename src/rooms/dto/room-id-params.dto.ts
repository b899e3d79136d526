import { IsUUID } from 'class-validator';

export class RoomIdParams {
  /** Room id (UUID). */
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}
