import { IsOptional, IsString, MaxLength } from 'class-validator';

/** The capability part of an avatar URL (see avatarUrlOf). */
export class AvatarQuery {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  key?: string;
}
