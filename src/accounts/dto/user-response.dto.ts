import { ApiProperty } from '@nestjs/swagger';
import type { UrlSigner } from '../../common/signed-urls/url-signer';
import { avatarUrlOf, displayNameOf } from '../user-card';
import type { UserEntity } from '../user.entity';

/** Another user, as anyone may see them: never their email. */
export class UserResponseDto {
  /**
   * @example "5f0c4d2e-3b5a-4c1e-9d7f-2a6b8c9d0e1f"
   */
  id: string;
  /**
   * @example "alice"
   */
  username: string;
  /** ISO 8601 UTC. */
  createdAt: string;
  /**
   * What to show; 1–64 characters, defaults to the username. User text: display it, never
   * trust it.
   * @example "Alice Liddell"
   */
  displayName: string;
  /**
   * A square image of at most 256 × 256, or null: a signed URL like a file's (its own
   * authorization, valid for an hour or more), made afresh with every user object sent.
   */
  @ApiProperty({ type: String, nullable: true })
  avatarUrl: string | null;
}

/** Your own account. */
export class OwnUserResponseDto extends UserResponseDto {
  /**
   * @example "alice@example.com"
   */
  email: string;
}

/** Names every field, so a new column (a password hash, say) cannot leak by accident. */
export function toUserResponse(user: UserEntity, signer: UrlSigner): UserResponseDto {
  return {
    id: user.id,
    username: user.username,
    createdAt: user.createdAt.toISOString(),
    displayName: displayNameOf(user),
    avatarUrl: avatarUrlOf(user, signer),
  };
}

export function toOwnUserResponse(user: UserEntity, signer: UrlSigner): OwnUserResponseDto {
  return { ...toUserResponse(user, signer), email: user.email };
}
