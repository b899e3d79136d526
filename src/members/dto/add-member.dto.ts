import { IsUUID } from 'class-validator';

export class AddMemberDto {
  /** The user to add. */
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId: string;
}
