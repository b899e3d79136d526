import { IsId } from '../../common/validation';

export class FileIdParams {
  /** File id (UUID). */
  @IsId({ message: 'id must be a UUID' })
  id: string;
}
