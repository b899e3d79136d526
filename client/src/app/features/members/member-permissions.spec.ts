import type { MemberRole } from '../../core/api/api-types';
import { ALICE } from '../../testing/chat-test-bed';
import { aDirectRoom, aMember, aRoom, BOB } from '../../testing/rooms';
import {
  canAddMembers,
  canBan,
  canEditRoom,
  canLeave,
  canRemove,
  rolesToGive,
} from './member-permissions';

const room = aRoom('r');
const as = (role: MemberRole | null) => ({ id: ALICE.id, role });
const bobAs = (role: MemberRole) => aMember(BOB, role);

describe('member permissions', () => {
  it('lets an owner do everything to others', () => {
    for (const target of ['owner', 'admin', 'member'] as const) {
      expect(canRemove(room, as('owner'), bobAs(target))).toBe(true);
      expect(canBan(room, as('owner'), bobAs(target))).toBe(true);
    }
    expect(canAddMembers(room, as('owner'))).toBe(true);
    expect(canEditRoom(room, as('owner'))).toBe(true);
    expect(rolesToGive(room, as('owner'), bobAs('member'))).toEqual(['owner', 'admin']);
    expect(rolesToGive(room, as('owner'), bobAs('owner'))).toEqual(['admin', 'member']);
  });

  it('lets an admin add, and remove or ban members and admins but not owners; no roles', () => {
    expect(canAddMembers(room, as('admin'))).toBe(true);
    expect(canRemove(room, as('admin'), bobAs('member'))).toBe(true);
    expect(canRemove(room, as('admin'), bobAs('admin'))).toBe(true);
    expect(canRemove(room, as('admin'), bobAs('owner'))).toBe(false);
    expect(canBan(room, as('admin'), bobAs('owner'))).toBe(false);
    expect(rolesToGive(room, as('admin'), bobAs('member'))).toEqual([]);
    expect(canEditRoom(room, as('admin'))).toBe(true);
  });

  it('lets a member do nothing to others, but leave', () => {
    expect(canAddMembers(room, as('member'))).toBe(false);
    expect(canRemove(room, as('member'), bobAs('member'))).toBe(false);
    expect(canEditRoom(room, as('member'))).toBe(false);
    expect(canLeave(room, as('member'))).toBe(true);
    expect(canLeave(room, as(null))).toBe(false);
  });

  it('never offers to remove, ban or re-role yourself (that is leaving)', () => {
    const me = aMember(ALICE, 'member');
    expect(canRemove(room, as('owner'), me)).toBe(false);
    expect(rolesToGive(room, as('owner'), me)).toEqual([]);
  });

  it('lets nobody change a direct room', () => {
    const direct = aDirectRoom('d', [BOB]);
    expect(canAddMembers(direct, as('owner'))).toBe(false);
    expect(canRemove(direct, as('owner'), bobAs('member'))).toBe(false);
    expect(rolesToGive(direct, as('owner'), bobAs('member'))).toEqual([]);
    expect(canEditRoom(direct, as('owner'))).toBe(false);
    expect(canLeave(direct, as('member'))).toBe(false);
  });
});
