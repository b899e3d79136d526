import { IsId } from '../../common/validation';

export class AddMemberDto {
  /** The user to add. */
  @IsId({ message: 'userId must be a UUID' })
  userId: string;
}
