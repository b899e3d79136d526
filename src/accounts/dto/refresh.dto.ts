import { IsString, Length } from 'class-validator';

export class RefreshDto {
  /** The refresh token from the last login or refresh; each can be used once. */
  @IsString()
  @Length(1, 512)
  refreshToken: string;
}
