import type { Member, MemberRole, Room } from '../../core/api/api-types';
import { kindOf } from '../rooms/room-sections';

/**
 * Who may do what to a room's membership, by the contract's table (API.md, "Membership,
 * private rooms, moderation"): owners everything; admins add, and remove or ban members and
 * admins but not owners; only owners change roles; nobody changes a direct room's membership.
 * The server decides; these only hide what it would refuse.
 */
export interface Viewer {
  id: string | undefined;
  role: MemberRole | null;
}

const isModerator = (role: MemberRole | null) => role === 'owner' || role === 'admin';

export function canAddMembers(room: Room, viewer: Viewer): boolean {
  return kindOf(room) !== 'direct' && isModerator(viewer.role);
}

/** Removing someone else; leaving is `canLeave`. */
export function canRemove(room: Room, viewer: Viewer, target: Member): boolean {
  if (kindOf(room) === 'direct' || target.user.id === viewer.id) return false;
  if (viewer.role === 'owner') return true;
  return viewer.role === 'admin' && target.role !== 'owner';
}

/** A ban follows the same rule as a removal (it is one, that also bars a return). */
export function canBan(room: Room, viewer: Viewer, target: Member): boolean {
  return canRemove(room, viewer, target);
}

/** The roles an owner may give another member: every one but the one they have. */
export function rolesToGive(room: Room, viewer: Viewer, target: Member): MemberRole[] {
  if (kindOf(room) === 'direct' || viewer.role !== 'owner' || target.user.id === viewer.id) {
    return [];
  }
  return (['owner', 'admin', 'member'] as const).filter((role) => role !== target.role);
}

export function canEditRoom(room: Room, viewer: Viewer): boolean {
  return kindOf(room) !== 'direct' && isModerator(viewer.role);
}

export function canLeave(room: Room, viewer: Viewer): boolean {
  return kindOf(room) !== 'direct' && viewer.role !== null;
}

export const ROLE_NAMES: Record<MemberRole, string> = {
  owner: 'Owner',
  admin: 'Admin',
  member: 'Member',
};
