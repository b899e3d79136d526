import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';
import { select, selectArrays, timestampFromRow, timestampParameter } from '../database/sql';
import { RoomBanEntity } from '../members/room-ban.entity';
import { MemberRole, NotifyLevel, RoomMemberEntity } from '../members/room-member.entity';
import { MessageEntity } from '../messages/message.entity';
import { MessageMentionEntity } from '../messages/message-mention.entity';
import type { UserCard } from '../accounts/user-card';
import type { RoomView } from './dto/room-response.dto';
import { RoomEntity, RoomKind } from './room.entity';

/** What every permission check needs, in one indexed lookup (cacheable per room and user). */
export interface RoomAccess {
  roomId: string;
  kind: RoomKind;
  lastSeq: number;
  /** The user's role, or null when not a member. */
  role: MemberRole | null;
  isBanned: boolean;
}

/** Whose access to which room findAccesses looks up. */
export interface AccessQuery {
  roomId: string;
  userId: string;
}

/** The columns a RoomAccess is read from. */
export interface AccessRow {
  kind: RoomKind;
  last_seq: number | string;
  role: MemberRole | null;
  banned: number | string | boolean;
}

export function toAccess(roomId: string, row: AccessRow): RoomAccess {
  return {
    roomId,
    kind: row.kind,
    lastSeq: Number(row.last_seq),
    role: row.role,
    isBanned: Number(row.banned) > 0,
  };
}

interface RoomViewRow {
  id: string;
  name: string;
  description: string;
  kind: RoomKind;
  created_by_id: string;
  creator_username: string;
  creator_display_name: string | null;
  creator_avatar_key: string | null;
  created_at: Date | string;
  last_seq: number | string;
  last_change: number | string;
  member_count: number | string;
  role: MemberRole | null;
  last_read_seq: number | string | null;
  notify: NotifyLevel | null;
  unread: number | string;
  mentions: number | string;
  last_activity_at: Date | string;
}

interface DirectMemberRow {
  room_id: string;
  id: string;
  username: string;
  display_name: string | null;
  avatar_key: string | null;
}

/** Where a page of the room list ends: the last room's sort key. */
export interface RoomListPosition {
  lastActivityAt: Date;
  name: string;
  id: string;
}

@Injectable()
export class RoomsRepository {
  constructor(@InjectRepository(RoomEntity) private readonly rooms: Repository<RoomEntity>) {}

  /**
   * The rooms `userId` may list, as views: public rooms (unless `onlyMember`) and every room
   * they are a member of; newest activity first, ties by name. Two queries, whatever the count.
   */
  async listViews(
    userId: string,
    onlyMember: boolean,
    limit: number,
    after?: RoomListPosition,
  ): Promise<{ views: RoomView[]; next?: RoomListPosition }> {
    const t = this.tables();
    const conditions = [
      onlyMember ? 'me.user_id IS NOT NULL' : `(r.kind = 'public' OR me.user_id IS NOT NULL)`,
    ];
    const parameters: unknown[] = [userId];
    if (after) {
      // Keyset: strictly after the last room of the previous page in (activity desc, name, id).
      conditions.push(`(r.last_activity_at < ? OR (r.last_activity_at = ? AND
        (r.name > ? OR (r.name = ? AND r.id > ?))))`);
      const activity = timestampParameter(this.rooms.manager, after.lastActivityAt);
      parameters.push(activity, activity, after.name, after.name, after.id);
    }
    const view = this.viewQuery();
    const found = (
      await selectArrays(
        this.rooms.manager,
        `${view.sql} WHERE ${conditions.join(' AND ')}
         ORDER BY r.last_activity_at DESC, r.name ASC, r.id ASC LIMIT ${limit + 1}`,
        parameters,
      )
    ).map(view.read);
    const rows = found.slice(0, limit);
    const last = rows.at(-1);
    const next =
      found.length > limit && last
        ? {
            lastActivityAt: timestampFromRow(last.get('last_activity_at')),
            name: last.get('name'),
            id: last.get('id'),
          }
        : undefined;
    const direct = rows.some((row) => row.get('kind') === 'direct')
      ? await select<DirectMemberRow>(
          this.rooms.manager,
          `SELECT p.room_id, u.id, u.username, u.display_name, u.avatar_key
           FROM ${t.members} mine
           JOIN ${t.rooms} r ON r.id = mine.room_id AND r.kind = 'direct'
           JOIN ${t.members} p ON p.room_id = mine.room_id
           JOIN ${t.users} u ON u.id = p.user_id
           WHERE mine.user_id = ?
           ORDER BY u.username_key`,
          [userId],
        )
      : [];
    const directByRoom = byRoom(direct);
    return { views: rows.map((row) => toView(row, directByRoom)), next };
  }

  /** One room as `userId` sees it (membership null for a non-member, or without a user). */
  async findView(roomId: string, userId: string | null): Promise<RoomView | null> {
    const t = this.tables();
    const view = this.viewQuery();
    const [found] = await selectArrays(this.rooms.manager, `${view.sql} WHERE r.id = ?`, [
      userId,
      roomId,
    ]);
    if (!found) return null;
    const row = view.read(found);
    const direct =
      row.get('kind') === 'direct'
        ? await select<DirectMemberRow>(
            this.rooms.manager,
            `SELECT p.room_id, u.id, u.username, u.display_name, u.avatar_key
             FROM ${t.members} p JOIN ${t.users} u ON u.id = p.user_id
             WHERE p.room_id = ?
             ORDER BY u.username_key`,
            [roomId],
          )
        : [];
    return toView(row, byRoom(direct));
  }

  async findAccess(roomId: string, userId: string): Promise<RoomAccess | null> {
    const t = this.tables();
    const [row] = await select<AccessRow>(
      this.rooms.manager,
      `SELECT r.kind, r.last_seq, me.role,
         (SELECT COUNT(*) FROM ${t.bans} b WHERE b.room_id = r.id AND b.user_id = ?) AS banned
       FROM ${t.rooms} r
       LEFT JOIN ${t.members} me ON me.room_id = r.id AND me.user_id = ?
       WHERE r.id = ?`,
      [userId, userId, roomId],
    );
    return row ? toAccess(roomId, row) : null;
  }

  /**
   * PostgreSQL: findAccess for many (room, user) pairs in one statement, in their order (null
   * for an unknown room).
   */
  async findAccesses(pairs: AccessQuery[]): Promise<(RoomAccess | null)[]> {
    const t = this.tables();
    const rows = await select<AccessRow & { i: number }>(
      this.rooms.manager,
      `SELECT v.i, r.kind, r.last_seq, me.role,
         (SELECT COUNT(*) FROM ${t.bans} b WHERE b.room_id = r.id AND b.user_id = v.user_id) AS banned
       FROM (VALUES ${pairs.map(() => '(?::int, ?::uuid, ?::uuid)').join(', ')})
         AS v(i, room_id, user_id)
       JOIN ${t.rooms} r ON r.id = v.room_id
       LEFT JOIN ${t.members} me ON me.room_id = r.id AND me.user_id = v.user_id`,
      pairs.flatMap((pair, i) => [i, pair.roomId, pair.userId]),
    );
    const accesses = new Array<RoomAccess | null>(pairs.length).fill(null);
    for (const row of rows) accesses[row.i] = toAccess(pairs[row.i].roomId, row);
    return accesses;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.rooms.countBy({ id })) > 0;
  }

  async isNameTaken(nameKey: string, exceptRoomId?: string): Promise<boolean> {
    const found = await this.rooms.findOne({ where: { nameKey }, select: { id: true } });
    return found !== null && found.id !== exceptRoomId;
  }

  async findDirectId(directKey: string): Promise<string | null> {
    const found = await this.rooms.findOne({ where: { directKey }, select: { id: true } });
    return found?.id ?? null;
  }

  /** A new room and its first members, in the caller's transaction. */
  async insertWithMembers(
    manager: EntityManager,
    room: RoomEntity,
    members: RoomMemberEntity[],
  ): Promise<void> {
    await manager.insert(RoomEntity, room);
    await manager.insert(RoomMemberEntity, members);
  }

  async updateDetails(
    manager: EntityManager,
    roomId: string,
    details: Partial<Pick<RoomEntity, 'name' | 'nameKey' | 'description'>>,
  ): Promise<void> {
    await manager.update(RoomEntity, { id: roomId }, details);
  }

  /** Users by id, for naming a room's creator and the participants of a direct room. */
  findUserCards(ids: string[]): Promise<UserCard[]> {
    return this.rooms.manager.getRepository(UserEntity).find({
      where: { id: In(ids) },
      select: { id: true, username: true, displayName: true, avatarKey: true },
    });
  }

  private viewQueryOnce?: ViewQuery;

  private viewQuery(): ViewQuery {
    return (this.viewQueryOnce ??= roomViewQuery(this.tables()));
  }

  private tables() {
    const path = (entity: new () => object) =>
      this.rooms.manager.connection.getMetadata(entity).tablePath;
    return {
      rooms: path(RoomEntity),
      users: path(UserEntity),
      members: path(RoomMemberEntity),
      bans: path(RoomBanEntity),
      messages: path(MessageEntity),
      mentions: path(MessageMentionEntity),
    };
  }
}

export type RoomTables = ReturnType<RoomsRepository['tables']>;
type Tables = RoomTables;

/** The SELECT of a room view, and how to read one of its rows (an array, in column order). */
interface ViewQuery {
  /** Ends in the FROM clause; the first parameter is the caller's id. */
  sql: string;
  read(values: unknown[]): ViewRow;
}

type ViewColumn = keyof RoomViewRow;

/** One row of a room view query: its column values by position, read by name. */
class ViewRow {
  constructor(
    private readonly values: unknown[],
    private readonly positions: Record<ViewColumn, number>,
  ) {}

  get<Column extends ViewColumn>(name: Column): RoomViewRow[Column] {
    return this.values[this.positions[name]] as RoomViewRow[Column];
  }
}

/**
 * Everything a Room reply needs, one row per room. Rows are read as arrays (room lists run to
 * hundreds of rows; an object per row cost a third of the read), by each column's position.
 */
function roomViewQuery(t: Tables): ViewQuery {
  const columns: Record<ViewColumn, string> = {
    id: 'r.id',
    name: 'r.name',
    description: 'r.description',
    kind: 'r.kind',
    created_by_id: 'r.created_by_id',
    created_at: 'r.created_at',
    last_seq: 'r.last_seq',
    last_change: 'r.last_change',
    last_activity_at: 'r.last_activity_at',
    creator_username: 'u.username',
    creator_display_name: 'u.display_name',
    creator_avatar_key: 'u.avatar_key',
    member_count: `(SELECT COUNT(*) FROM ${t.members} c WHERE c.room_id = r.id)`,
    role: 'me.role',
    last_read_seq: 'me.last_read_seq',
    notify: 'me.notify',
    unread: unreadCountSql(t, 'r', 'me'),
    mentions: mentionCountSql(t, 'r', 'me'),
  };
  const names = Object.keys(columns) as ViewColumn[];
  const positions = Object.fromEntries(names.map((name, i) => [name, i])) as Record<
    ViewColumn,
    number
  >;
  return {
    sql: `SELECT ${names.map((name) => `${columns[name]} AS ${name}`).join(',\n      ')}
    FROM ${t.rooms} r
    JOIN ${t.users} u ON u.id = r.created_by_id
    LEFT JOIN ${t.members} me ON me.room_id = r.id AND me.user_id = ?`,
    read: (values) => new ViewRow(values, positions),
  };
}

/**
 * The member `me`'s unread messages in a room: others' messages after the marker, not deleted.
 * Counted by what it is not, so that a busy room costs no more than a quiet one: every seq
 * after the marker (seqs have no gaps), less one's own (a range of ix_messages_room_sender_seq)
 * and less others' deleted ones (a range of the partial ix_messages_room_deleted). A room read
 * to its end (most of anyone's list) costs no lookup at all.
 */
export function unreadCountSql(t: Pick<Tables, 'messages'>, room: string, me: string): string {
  return `CASE WHEN ${nothingUnreadSql(room, me)} THEN 0 ELSE
        ${room}.last_seq - ${me}.last_read_seq
        - (SELECT COUNT(*) FROM ${t.messages} own
           WHERE own.room_id = ${room}.id AND own.sender_id = ${me}.user_id
             AND own.seq > ${me}.last_read_seq)
        - (SELECT COUNT(*) FROM ${t.messages} gone
           WHERE gone.room_id = ${room}.id AND gone.deleted_at IS NOT NULL
             AND gone.seq > ${me}.last_read_seq AND gone.sender_id <> ${me}.user_id)
      END`;
}

/**
 * The member `me`'s unread mentions in a room: one range of ix_message_mentions_user_room_seq
 * (deleted messages have no rows; mentions by oneself are not counted).
 */
export function mentionCountSql(t: Pick<Tables, 'mentions'>, room: string, me: string): string {
  return `CASE WHEN ${nothingUnreadSql(room, me)} THEN 0 ELSE (
        SELECT COUNT(*) FROM ${t.mentions} mm
        WHERE mm.user_id = ${me}.user_id AND mm.room_id = ${room}.id
          AND mm.seq > ${me}.last_read_seq AND mm.sender_id <> ${me}.user_id
      ) END`;
}

/** `me` is no member, or has read the room to its end: both counts are 0 without a lookup. */
function nothingUnreadSql(room: string, me: string): string {
  return `${me}.user_id IS NULL OR ${room}.last_seq <= ${me}.last_read_seq`;
}

function toView(row: ViewRow, directMembers: Map<string, UserCard[]>): RoomView {
  const id = row.get('id');
  const kind = row.get('kind');
  const role = row.get('role');
  const view: RoomView = {
    room: {
      id,
      name: row.get('name'),
      description: row.get('description'),
      kind,
      createdById: row.get('created_by_id'),
      createdAt: timestampFromRow(row.get('created_at')),
      lastSeq: Number(row.get('last_seq')),
      lastChange: Number(row.get('last_change')),
    },
    creator: {
      id: row.get('created_by_id'),
      username: row.get('creator_username'),
      displayName: row.get('creator_display_name'),
      avatarKey: row.get('creator_avatar_key'),
    },
    memberCount: Number(row.get('member_count')),
    membership:
      role === null
        ? null
        : {
            role,
            lastReadSeq: Number(row.get('last_read_seq')),
            unread: Number(row.get('unread')),
            mentions: Number(row.get('mentions')),
            notify: row.get('notify') ?? 'mentions',
          },
  };
  if (kind === 'direct') view.directMembers = directMembers.get(id) ?? [];
  return view;
}

/** Direct rooms' participants by room, in the order read. */
function byRoom(rows: DirectMemberRow[]): Map<string, UserCard[]> {
  const members = new Map<string, UserCard[]>();
  for (const { room_id, id, username, display_name, avatar_key } of rows) {
    const card = { id, username, displayName: display_name, avatarKey: avatar_key };
    const list = members.get(room_id);
    if (list) list.push(card);
    else members.set(room_id, [card]);
  }
  return members;
}
