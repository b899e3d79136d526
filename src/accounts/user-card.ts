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
 * Where the avatar's bytes are served. The key is 192 random bits and changes with every
 * upload, so the URL is its own authorization (an `<img src>` needs no header) and a removed
 * or replaced avatar's URL stops working at once. Unlike a file's HMAC-signed URL it needs
 * no secret to build, so every query that joins `users` can produce it.
 */
export function avatarUrlOf(user: Pick<UserCard, 'id' | 'avatarKey'>): string | null {
  return user.avatarKey === null ? null : `/api/users/${user.id}/avatar?key=${user.avatarKey}`;
}
