import { createHash } from 'node:crypto';
import { signatureQuery, type UrlSigner } from '../common/signed-urls/url-signer';
import type { UserEntity } from './user.entity';

/** What every user object on the wire is made of (UserRefDto, UserResponseDto). */
export type UserCard = Pick<UserEntity, 'id' | 'username' | 'displayName' | 'avatarKey'>;

/**
 * The user columns of a user object, for hand-written SQL that joins `users` as `alias`; read
 * them back with {@link userCardFromRow} and the same prefix.
 */
export function userCardColumns(alias: string, prefix = ''): string {
  return (
    `${alias}.id AS ${prefix}user_id, ${alias}.username AS ${prefix}username, ` +
    `${alias}.display_name AS ${prefix}display_name, ${alias}.avatar_key AS ${prefix}avatar_key`
  );
}

export function userCardFromRow(row: Record<string, unknown>, prefix = ''): UserCard {
  return {
    id: row[`${prefix}user_id`] as string,
    username: row[`${prefix}username`] as string,
    displayName: (row[`${prefix}display_name`] as string | null) ?? null,
    avatarKey: (row[`${prefix}avatar_key`] as string | null) ?? null,
  };
}

/** A name to show: the display name, or the username for rows that have none. */
export function displayNameOf(user: Pick<UserCard, 'username' | 'displayName'>): string {
  return user.displayName || user.username;
}

/**
 * Names one avatar in its URL: a digest of its storage key (which changes with every upload),
 * so the URL changes with the image while the key itself stays private.
 */
export function avatarVersion(avatarKey: string): string {
  return createHash('sha256').update(avatarKey).digest('base64url').slice(0, 16);
}

/** What an avatar URL's signature covers: the user and the avatar's version. */
export function avatarResource(userId: string, version: string): string[] {
  return ['avatar', userId, version];
}

/**
 * Where the avatar's bytes are served: a signed, expiring URL like a file's, made afresh for
 * every user object sent. The signature covers the avatar's version, so once the avatar is
 * replaced its old URL is refused rather than showing the new image (or a stale one).
 */
export function avatarUrlOf(
  user: Pick<UserCard, 'id' | 'avatarKey'>,
  signer: UrlSigner,
  now = Date.now(),
): string | null {
  return user.avatarKey === null
    ? null
    : signedAvatarUrl(user.id, avatarVersion(user.avatarKey), signer, now);
}

const AVATAR_URL = /^\/api\/users\/([0-9a-f-]{36})\/avatar\?v=([\w-]+)&/;

/**
 * The same avatar URL signed again now: for user objects that are kept and sent again later
 * (a socket's own user, presence entries), which know the URL but not the storage key.
 */
export function renewAvatarUrl(
  url: string | null,
  signer: UrlSigner,
  now = Date.now(),
): string | null {
  const match = url === null ? null : AVATAR_URL.exec(url);
  return match ? signedAvatarUrl(match[1], match[2], signer, now) : url;
}

function signedAvatarUrl(userId: string, version: string, signer: UrlSigner, now: number) {
  const signature = signer.sign(avatarResource(userId, version), now);
  return `/api/users/${userId}/avatar?v=${version}&${signatureQuery(signature)}`;
}
