import { IsString, Length } from 'class-validator';

export class LoginDto {
  /** Username or email, in any case. */
  @IsString()
  @Length(1, 254, { message: 'username must be given (your username or email)' })
  username: string;

  @IsString()
  @Length(1, 1024, { message: 'password must be given' })
  password: string;
}
