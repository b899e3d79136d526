import type { MemberRole } from './room-member.entity';

/** Owners and admins moderate: add, remove (not owners, for admins), ban, rename. */
export function isModerator(role: MemberRole | null): boolean {
  return role === 'owner' || role === 'admin';
}
