import { IsOptional, IsString } from 'class-validator';
import { SignedUrlQuery } from '../../files/dto/signed-url-query.dto';

/** The query of an avatar URL (see avatarUrlOf). */
export class AvatarUrlQuery extends SignedUrlQuery {
  /**
   * Which avatar the URL was made for. The signature covers it, so a URL of a replaced avatar
   * is refused.
   */
  @IsOptional()
  @IsString()
  v?: string;
}
