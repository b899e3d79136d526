import { ValidateIf } from 'class-validator';
import { IsId } from '../../common/validation';

export class MemberParams {
  /** Room id (UUID). */
  @IsId({ message: 'id must be a UUID' })
  id: string;

  /** A user id (UUID), or `me` for yourself. */
  @ValidateIf((params: MemberParams) => params.userId !== 'me')
  @IsId({ message: 'userId must be a UUID or "me"' })
  userId: string;
}

export class BanParams {
  /** Room id (UUID). */
  @IsId({ message: 'id must be a UUID' })
  id: string;

  /** User id (UUID). */
  @IsId({ message: 'userId must be a UUID' })
  userId: string;
}
