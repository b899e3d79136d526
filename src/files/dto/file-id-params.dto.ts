import { IsUUID } from 'class-validator';

export class FileIdParams {
  /** File id (UUID). */
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}
