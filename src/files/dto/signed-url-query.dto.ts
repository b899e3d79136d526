import { IsOptional, IsString } from 'class-validator';

/**
 * The signature of a file or avatar URL. Both are optional here so that a missing or malformed one is
 * answered like a wrong one (403), not as a validation error.
 */
export class SignedUrlQuery {
  /** Unix time (seconds) after which the URL stops working. */
  @IsOptional()
  @IsString()
  expires?: string;

  /** HMAC-SHA256 over what the URL serves and its expiry (base64url). */
  @IsOptional()
  @IsString()
  sig?: string;
}
