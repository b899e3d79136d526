import type { UserResponseDto } from './dto/user-response.dto';

/**
 * Published when a user's display name or avatar changed (not their email): Realtime sends
 * `user:updated` to every socket of `recipientIds` (everyone sharing a room with the user, and
 * the user), on every instance.
 */
export const USER_UPDATED = 'user.updated';

export interface UserUpdatedEvent {
  user: UserResponseDto;
  recipientIds: string[];
}
