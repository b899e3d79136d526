import { OwnUserResponseDto } from './user-response.dto';

export class RegisterResponseDto {
  user: OwnUserResponseDto;
}

export class TokenPairResponseDto {
  /** JWT for `Authorization: Bearer` and the socket handshake's `auth.token`. */
  accessToken: string;
  /** Opaque; exchange it once at `POST /api/auth/refresh` for a new pair. */
  refreshToken: string;
  /**
   * Seconds until the access token expires.
   * @example 900
   */
  expiresIn: number;
  user: OwnUserResponseDto;
}
