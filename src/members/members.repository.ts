import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';
import { select, timestampFromRow } from '../database/sql';
import { RoomEntity, RoomKind } from '../rooms/room.entity';
import type { StoredMember } from './dto/member-response.dto';
import { RoomBanEntity } from './room-ban.entity';
import { MemberRole, NotifyLevel, RoomMemberEntity } from './room-member.entity';

interface MemberRow {
  user_id: string;
  username: string;
  display_name: string | null;
  avatar_key: string | null;
  role: MemberRole;
  joined_at: Date | string;
}

@Injectable()
export class MembersRepository {
  constructor(
    @InjectRepository(RoomMemberEntity) private readonly members: Repository<RoomMemberEntity>,
  ) {}

  /**
   * Reads the room inside a write transaction and, on PostgreSQL, locks its row until commit:
   * membership changes of one room then run one at a time, so the last-owner rule holds under
   * concurrent demotions. (SQLite runs every write transaction in turn already.)
   */
  async lockRoom(
    manager: EntityManager,
    roomId: string,
  ): Promise<{ kind: RoomKind; lastSeq: number } | null> {
    const query = manager
      .createQueryBuilder(RoomEntity, 'room')
      .select(['room.id', 'room.kind', 'room.lastSeq'])
      .where('room.id = :roomId', { roomId });
    if (manager.connection.options.type === 'postgres') query.setLock('pessimistic_write');
    const room = await query.getOne();
    return room && { kind: room.kind, lastSeq: room.lastSeq };
  }

  async findRole(
    manager: EntityManager,
    roomId: string,
    userId: string,
  ): Promise<MemberRole | null> {
    const row = await manager.findOne(RoomMemberEntity, {
      where: { roomId, userId },
      select: { role: true },
    });
    return row?.role ?? null;
  }

  countOwners(manager: EntityManager, roomId: string): Promise<number> {
    return manager.countBy(RoomMemberEntity, { roomId, role: 'owner' });
  }

  async insert(manager: EntityManager, member: RoomMemberEntity): Promise<void> {
    await manager.insert(RoomMemberEntity, member);
  }

  async delete(manager: EntityManager, roomId: string, userId: string): Promise<boolean> {
    const result = await manager.delete(RoomMemberEntity, { roomId, userId });
    return (result.affected ?? 0) > 0;
  }

  async setRole(
    manager: EntityManager,
    roomId: string,
    userId: string,
    role: MemberRole,
  ): Promise<void> {
    await manager.update(RoomMemberEntity, { roomId, userId }, { role });
  }

  async setNotify(roomId: string, userId: string, notify: NotifyLevel): Promise<void> {
    await this.members.update({ roomId, userId }, { notify });
  }

  isBanned(manager: EntityManager, roomId: string, userId: string): Promise<boolean> {
    return manager.existsBy(RoomBanEntity, { roomId, userId });
  }

  /** Bans once: banning a banned user again changes nothing. */
  async insertBan(manager: EntityManager, ban: RoomBanEntity): Promise<void> {
    if (await this.isBanned(manager, ban.roomId, ban.userId)) return;
    await manager.insert(RoomBanEntity, ban);
  }

  async deleteBan(manager: EntityManager, roomId: string, userId: string): Promise<void> {
    await manager.delete(RoomBanEntity, { roomId, userId });
  }

  userExists(userId: string): Promise<boolean> {
    return this.members.manager.existsBy(UserEntity, { id: userId });
  }

  async isMember(roomId: string, userId: string): Promise<boolean> {
    return this.members.existsBy({ roomId, userId });
  }

  async findMember(roomId: string, userId: string): Promise<StoredMember | null> {
    const t = this.tables();
    const [row] = await select<MemberRow>(
      this.members.manager,
      `SELECT rm.user_id, u.username, u.display_name, u.avatar_key, rm.role, rm.joined_at
       FROM ${t.members} rm JOIN ${t.users} u ON u.id = rm.user_id
       WHERE rm.room_id = ? AND rm.user_id = ?`,
      [roomId, userId],
    );
    return row ? toStoredMember(row) : null;
  }

  /** A page of members by username (case-insensitive), after `afterKey` (lower-cased). */
  async listPage(
    roomId: string,
    afterKey: string | undefined,
    limit: number,
  ): Promise<{ members: StoredMember[]; hasMore: boolean }> {
    const t = this.tables();
    const cursor = afterKey === undefined ? '' : 'AND u.username_key > ?';
    const rows = await select<MemberRow>(
      this.members.manager,
      `SELECT rm.user_id, u.username, u.display_name, u.avatar_key, rm.role, rm.joined_at
       FROM ${t.members} rm JOIN ${t.users} u ON u.id = rm.user_id
       WHERE rm.room_id = ? ${cursor}
       ORDER BY u.username_key
       LIMIT ?`,
      afterKey === undefined ? [roomId, limit + 1] : [roomId, afterKey, limit + 1],
    );
    return { members: rows.slice(0, limit).map(toStoredMember), hasMore: rows.length > limit };
  }

  private tables() {
    const path = (entity: new () => object) =>
      this.members.manager.connection.getMetadata(entity).tablePath;
    return { members: path(RoomMemberEntity), users: path(UserEntity) };
  }
}

function toStoredMember(row: MemberRow): StoredMember {
  return {
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    avatarKey: row.avatar_key,
    role: row.role,
    joinedAt: timestampFromRow(row.joined_at),
  };
}
