import { IsUUID, ValidateIf } from 'class-validator';

export class MemberParams {
  /** Room id (UUID). */
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;

  /** A user id (UUID), or `me` for yourself. */
  @ValidateIf((params: MemberParams) => params.userId !== 'me')
  @IsUUID('all', { message: 'userId must be a UUID or "me"' })
  userId: string;
}

export class BanParams {
  /** Room id (UUID). */
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;

  /** User id (UUID). */
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId: string;
}
