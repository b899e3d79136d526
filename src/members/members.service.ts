import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { AuthUser } from '../common/auth.decorators';
import { WriteTransactions } from '../database/write-transactions';
import type { RoomResponseDto } from '../rooms/dto/room-response.dto';
import type { RoomKind } from '../rooms/room.entity';
import type { RoomAccess } from '../rooms/rooms.repository';
import { roomNotFound, RoomsService } from '../rooms/rooms.service';
import type { ListMembersQuery } from './dto/list-members-query.dto';
import { MemberDto, MemberPageDto, toMemberDto } from './dto/member-response.dto';
import type { UpdateMemberDto } from './dto/update-member.dto';
import {
  MemberAddedEvent,
  MemberEvent,
  MemberRemovedEvent,
  MemberUpdatedEvent,
} from './member-events';
import { isModerator } from './member-rules';
import { MembersRepository } from './members.repository';
import type { MemberRole, NotifyLevel } from './room-member.entity';
import { UrlSigner } from '../common/signed-urls/url-signer';

type Caller = Pick<AuthUser, 'id' | 'username'>;

const DIRECT_IS_FIXED = 'The members of a direct conversation cannot change';
const LAST_OWNER = 'A room must keep an owner: make someone else owner first';
const NOT_A_MEMBER = 'That user is not a member of this room';

/**
 * Membership, roles and bans: every rule of API.md "Membership, private rooms, moderation".
 * Visibility comes first (404 for a room the caller may not see), then permission (403),
 * then the target (404), then the last-owner rule (409).
 */
@Injectable()
export class MembersService {
  constructor(
    private readonly signer: UrlSigner,
    private readonly members: MembersRepository,
    private readonly rooms: RoomsService,
    private readonly writes: WriteTransactions,
    private readonly events: EventEmitter2,
  ) {}

  /** Who may see the room: its members, by username. */
  async list(roomId: string, caller: Caller, query: ListMembersQuery): Promise<MemberPageDto> {
    await this.rooms.assertCanSee(roomId, caller.id);
    const page = await this.members.listPage(roomId, query.after?.toLowerCase(), query.limit ?? 50);
    return {
      members: page.members.map((item) => toMemberDto(item, this.signer)),
      hasMore: page.hasMore,
    };
  }

  /** Owners and admins add anyone not banned; adding a member again returns the member. */
  async add(roomId: string, caller: Caller, userId: string): Promise<MemberDto> {
    const access = await this.rooms.assertCanSee(roomId, caller.id);
    assertChangeable(access.kind);
    if (!isModerator(access.role))
      throw new ForbiddenException('Only owners and admins can add members');

    await this.assertUserExists(userId);
    const existing = await this.members.findMember(roomId, userId);
    if (existing) return toMemberDto(existing, this.signer);
    await this.join(roomId, userId, 'added', caller.id);
    return toMemberDto(await this.requireMember(roomId, userId), this.signer);
  }

  /** Leave (`me` or your own id) or remove someone (owners anyone, admins non-owners). */
  async remove(roomId: string, caller: Caller, userIdOrMe: string): Promise<void> {
    const userId = userIdOrMe === 'me' ? caller.id : userIdOrMe;
    const isSelf = userId === caller.id;
    const access = await this.rooms.assertCanSee(roomId, caller.id);
    assertChangeable(access.kind);
    if (!isSelf && !isModerator(access.role))
      throw new ForbiddenException('Only owners and admins can remove members');

    await this.writes.run(async (manager) => {
      if (!(await this.members.lockRoom(manager, roomId))) throw roomNotFound();
      const [callerRole, targetRole] = await Promise.all([
        this.members.findRole(manager, roomId, caller.id),
        this.members.findRole(manager, roomId, userId),
      ]);
      if (!isSelf && !isModerator(callerRole))
        throw new ForbiddenException('Only owners and admins can remove members');
      if (targetRole === null)
        throw new NotFoundException(isSelf ? 'You are not a member of this room' : NOT_A_MEMBER);
      if (!isSelf && targetRole === 'owner' && callerRole !== 'owner')
        throw new ForbiddenException('Only owners can remove an owner');
      if (targetRole === 'owner' && (await this.members.countOwners(manager, roomId)) <= 1)
        throw new ConflictException(LAST_OWNER);
      await this.members.delete(manager, roomId, userId);
    });
    await this.emitRemoved(roomId, userId, access.kind, isSelf ? 'left' : 'removed', caller.id);
  }

  /**
   * PATCH …/members/:userId: `role` (owners only) answers the Member; `notify` (your own
   * membership) answers the Room.
   */
  async update(
    roomId: string,
    caller: Caller,
    userIdOrMe: string,
    dto: UpdateMemberDto,
  ): Promise<MemberDto | RoomResponseDto> {
    const userId = userIdOrMe === 'me' ? caller.id : userIdOrMe;
    if (dto.role !== undefined) return this.setRole(roomId, caller, userId, dto.role);
    if (dto.notify === undefined) throw new BadRequestException(['give role or notify']);
    if (userId !== caller.id)
      throw new ForbiddenException('You can only change your own notifications (use "me")');
    return this.setNotify(roomId, caller, dto.notify);
  }

  /** Owners change anyone's role; the last owner cannot step down (409). */
  async setRole(
    roomId: string,
    caller: Caller,
    userId: string,
    role: MemberRole,
  ): Promise<MemberDto> {
    const access = await this.rooms.assertCanSee(roomId, caller.id);
    assertChangeable(access.kind);
    if (access.role !== 'owner') throw new ForbiddenException('Only owners can change roles');

    const changed = await this.writes.run(async (manager) => {
      if (!(await this.members.lockRoom(manager, roomId))) throw roomNotFound();
      if ((await this.members.findRole(manager, roomId, caller.id)) !== 'owner')
        throw new ForbiddenException('Only owners can change roles');
      const current = await this.members.findRole(manager, roomId, userId);
      if (current === null) throw new NotFoundException(NOT_A_MEMBER);
      if (current === role) return false;
      if (current === 'owner' && (await this.members.countOwners(manager, roomId)) <= 1)
        throw new ConflictException(LAST_OWNER);
      await this.members.setRole(manager, roomId, userId, role);
      return true;
    });
    const member = toMemberDto(await this.requireMember(roomId, userId), this.signer);
    if (changed) {
      const event: MemberUpdatedEvent = { roomId, userId, member, byUserId: caller.id };
      this.events.emit(MemberEvent.Updated, event);
    }
    return member;
  }

  /** Your own notification level; members only (403 for a non-member of a public room). */
  async setNotify(roomId: string, caller: Caller, notify: NotifyLevel): Promise<RoomResponseDto> {
    await this.assertMember(roomId, caller.id);
    await this.writes.run(() => this.members.setNotify(roomId, caller.id, notify));
    return this.rooms.get(roomId, caller.id);
  }

  /** Owners and admins ban anyone but an owner; a ban ends the membership. */
  async ban(roomId: string, caller: Caller, userId: string): Promise<void> {
    const access = await this.assertCanModerate(roomId, caller, 'ban');
    await this.assertUserExists(userId);
    const wasMember = await this.writes.run(async (manager) => {
      if (!(await this.members.lockRoom(manager, roomId))) throw roomNotFound();
      if (!isModerator(await this.members.findRole(manager, roomId, caller.id)))
        throw new ForbiddenException('Only owners and admins can ban');
      const role = await this.members.findRole(manager, roomId, userId);
      if (role === 'owner')
        throw new ForbiddenException('An owner cannot be banned; change their role first');
      await this.members.insertBan(manager, {
        roomId,
        userId,
        bannedById: caller.id,
        createdAt: new Date(),
      });
      return role !== null && (await this.members.delete(manager, roomId, userId));
    });
    if (wasMember) await this.emitRemoved(roomId, userId, access.kind, 'banned', caller.id);
  }

  async unban(roomId: string, caller: Caller, userId: string): Promise<void> {
    await this.assertCanModerate(roomId, caller, 'unban');
    await this.writes.run((manager) => this.members.deleteBan(manager, roomId, userId));
  }

  // --- For the realtime and messages modules (room:join, posting, member-only actions) ---

  /** Room kind, the user's role and ban in one lookup (null: no such room). Cacheable. */
  access(roomId: string, userId: string): Promise<RoomAccess | null> {
    return this.rooms.access(roomId, userId);
  }

  isMember(roomId: string, userId: string): Promise<boolean> {
    return this.members.isMember(roomId, userId);
  }

  /**
   * room:join and posting: a public room makes the user a member (MemberEvent.Added, reason
   * `joined`); a private or direct room is 404 unless a member; a banned user gets 403.
   */
  async ensureMember(roomId: string, user: Caller): Promise<RoomAccess> {
    const access = await this.rooms.assertCanSee(roomId, user.id);
    if (access.isBanned) throw new ForbiddenException('You are banned from this room');
    if (access.role !== null) return access;
    await this.join(roomId, user.id, 'joined', user.id);
    return { ...access, role: 'member' };
  }

  /** Member-only actions (read, notify, react, upload): 404 if invisible, 403 if not a member. */
  async assertMember(roomId: string, userId: string): Promise<RoomAccess> {
    const access = await this.rooms.assertCanSee(roomId, userId);
    if (access.role === null) throw new ForbiddenException('Join the room first');
    return access;
  }

  /** Adds `userId` as a member (no-op when one already); emits MemberEvent.Added when new. */
  private async join(
    roomId: string,
    userId: string,
    reason: MemberAddedEvent['reason'],
    byUserId: string,
  ): Promise<void> {
    const isNew = await this.writes.run(async (manager) => {
      const room = await this.members.lockRoom(manager, roomId);
      if (!room) throw roomNotFound();
      if (await this.members.isBanned(manager, roomId, userId))
        throw new ForbiddenException(
          reason === 'joined'
            ? 'You are banned from this room'
            : 'That user is banned from this room',
        );
      if (await this.members.findRole(manager, roomId, userId)) return false;
      await this.members.insert(manager, {
        roomId,
        userId,
        role: 'member',
        joinedAt: new Date(),
        // Joining a busy room shows no backlog as unread.
        lastReadSeq: room.lastSeq,
        notify: room.kind === 'direct' ? 'all' : 'mentions',
      });
      return true;
    });
    if (!isNew) return;
    const [member, room] = await Promise.all([
      this.requireMember(roomId, userId),
      this.rooms.get(roomId, userId),
    ]);
    const event: MemberAddedEvent = {
      roomId,
      userId,
      member: toMemberDto(member, this.signer),
      room,
      reason,
      byUserId,
    };
    this.events.emit(MemberEvent.Added, event);
  }

  private async assertCanModerate(
    roomId: string,
    caller: Caller,
    action: 'ban' | 'unban',
  ): Promise<RoomAccess> {
    const access = await this.rooms.assertCanSee(roomId, caller.id);
    assertChangeable(access.kind);
    if (!isModerator(access.role))
      throw new ForbiddenException(`Only owners and admins can ${action}`);
    return access;
  }

  private async assertUserExists(userId: string): Promise<void> {
    if (!(await this.members.userExists(userId))) throw new NotFoundException('User not found');
  }

  private async requireMember(roomId: string, userId: string) {
    const member = await this.members.findMember(roomId, userId);
    if (!member) throw new NotFoundException(NOT_A_MEMBER);
    return member;
  }

  /**
   * Waits for the listeners: the removed user's sockets leave the room on every instance
   * before the removal is answered (API.md: "at once").
   */
  private async emitRemoved(
    roomId: string,
    userId: string,
    kind: RoomKind,
    reason: MemberRemovedEvent['reason'],
    byUserId: string,
  ): Promise<void> {
    const event: MemberRemovedEvent = { roomId, userId, kind, reason, byUserId };
    await this.events.emitAsync(MemberEvent.Removed, event);
  }
}

function assertChangeable(kind: RoomKind): void {
  if (kind === 'direct') throw new ForbiddenException(DIRECT_IS_FIXED);
}
