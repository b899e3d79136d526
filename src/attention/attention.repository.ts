import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, EntityTarget, Repository } from 'typeorm';
import { execute, placeholders, select } from '../database/sql';
import type { SqliteSession } from '../database/sqlite/statements';
import { NotifyLevel, RoomMemberEntity } from '../members/room-member.entity';
import { MessageMentionEntity } from '../messages/message-mention.entity';
import { MessageEntity } from '../messages/message.entity';
import { RoomEntity, RoomKind } from '../rooms/room.entity';
import { mentionCountSql, unreadCountSql } from '../rooms/rooms.repository';
import type { ReadStateDto } from './dto/read-state.dto';

/** A member who may be notified of a room's messages, with what decides how. */
export interface NotifyTarget {
  roomId: string;
  userId: string;
  kind: RoomKind;
  notify: NotifyLevel;
}

/** A member of a room. */
export interface MemberRef {
  roomId: string;
  userId: string;
}

/** Move this member's read marker up to `seq`. */
export interface MarkerMove extends MemberRef {
  seq: number;
}

interface StateRow {
  room_id: string;
  user_id: string;
  last_read_seq: number | string;
  kind: RoomKind;
  unread: number | string;
  mentions: number | string;
}

/** Ids per IN (…): far below either engine's limit on parameters. */
const ID_CHUNK = 400;

/** Read markers, their counts, and who is told of new messages. */
@Injectable()
export class AttentionRepository {
  constructor(
    @InjectRepository(RoomMemberEntity) private readonly members: Repository<RoomMemberEntity>,
  ) {}

  /**
   * Moves each member's marker up to its `seq`, never back, in one statement (so one
   * transaction and one WAL flush for the group): the moves that moved it. `moves` holds one
   * move per member of a room (ReadMarkerWriter keeps the highest). The rows are locked in
   * key order first, so that two groups touching the same members cannot deadlock; the
   * condition is checked again on the row as it is then, so two tabs racing leave the
   * higher marker.
   */
  async moveMarkers(manager: EntityManager, moves: MarkerMove[]): Promise<MarkerMove[]> {
    const members = this.table(RoomMemberEntity);
    const rows = await execute<{ room_id: string; user_id: string }>(
      manager,
      `WITH v(room_id, user_id, seq) AS (
         VALUES ${moves.map(() => '(?::uuid, ?::uuid, ?::int)').join(', ')}
       ), due AS (
         SELECT me.room_id, me.user_id, v.seq FROM ${members} me
         JOIN v ON v.room_id = me.room_id AND v.user_id = me.user_id
         WHERE me.last_read_seq < v.seq
         ORDER BY me.room_id, me.user_id FOR NO KEY UPDATE OF me
       )
       UPDATE ${members} me SET last_read_seq = due.seq FROM due
       WHERE me.room_id = due.room_id AND me.user_id = due.user_id AND me.last_read_seq < due.seq
       RETURNING me.room_id, me.user_id`,
      moves.flatMap((move) => [move.roomId, move.userId, move.seq]),
    );
    const moved = new Set(rows.map((row) => memberKey(row.room_id, row.user_id)));
    return moves.filter((move) => moved.has(memberKey(move.roomId, move.userId)));
  }

  /** The members' markers and counts, in one statement; a member absent (removed) is left out. */
  async statesOf(manager: EntityManager, members: MemberRef[]): Promise<Map<string, ReadStateDto>> {
    const t = this.tables();
    const rows = await select<StateRow>(
      manager,
      `SELECT me.room_id, me.user_id, ${stateColumnsSql(t)}
       FROM (VALUES ${members.map(() => '(?::uuid, ?::uuid)').join(', ')}) AS v(room_id, user_id)
       JOIN ${t.members} me ON me.room_id = v.room_id AND me.user_id = v.user_id
       JOIN ${t.rooms} r ON r.id = me.room_id`,
      members.flatMap((member) => [member.roomId, member.userId]),
    );
    return new Map(rows.map((row) => [memberKey(row.room_id, row.user_id), toReadState(row)]));
  }

  /**
   * The same two on SQLite, inside WriteTransactions.runOnSqlite: a prepared statement per
   * move and per member, run synchronously.
   */
  moveMarkersOnSqlite(session: SqliteSession, moves: MarkerMove[]): MarkerMove[] {
    const move = session.valueStatement<[number, string, string, number], number>(
      `UPDATE ${this.table(RoomMemberEntity)} SET last_read_seq = ?
       WHERE room_id = ? AND user_id = ? AND last_read_seq < ? RETURNING last_read_seq`,
    );
    return moves.filter((each) => move.get(each.seq, each.roomId, each.userId, each.seq));
  }

  statesOfOnSqlite(session: SqliteSession, members: MemberRef[]): Map<string, ReadStateDto> {
    const t = this.tables();
    const state = session.statement<[string, string], StateRow>(
      `SELECT me.room_id, me.user_id, ${stateColumnsSql(t)}
       FROM ${t.members} me JOIN ${t.rooms} r ON r.id = me.room_id
       WHERE me.room_id = ? AND me.user_id = ?`,
    );
    const states = new Map<string, ReadStateDto>();
    for (const member of members) {
      const row = state.get(member.roomId, member.userId);
      if (row) states.set(memberKey(member.roomId, member.userId), toReadState(row));
    }
    return states;
  }

  /**
   * The members of these rooms who may be notified of a new message there: in direct rooms
   * everyone, elsewhere those at notify `all` and those in `mentioned`. One query per batch of
   * messages, whatever the number of recipients.
   */
  async notifyTargets(roomIds: string[], mentioned: string[]): Promise<NotifyTarget[]> {
    if (roomIds.length === 0) return [];
    const t = this.tables();
    const targets: NotifyTarget[] = [];
    const rooms = roomIds.slice(0, ID_CHUNK);
    for (let start = 0; start === 0 || start < mentioned.length; start += ID_CHUNK) {
      const users = mentioned.slice(start, start + ID_CHUNK);
      const rows = await select<{
        room_id: string;
        user_id: string;
        kind: RoomKind;
        notify: NotifyLevel | null;
      }>(
        this.members.manager,
        `SELECT rm.room_id, rm.user_id, r.kind, rm.notify
         FROM ${t.members} rm JOIN ${t.rooms} r ON r.id = rm.room_id
         WHERE rm.room_id IN (${placeholders(rooms.length)})
           AND (r.kind = 'direct' OR rm.notify = 'all'${
             users.length > 0 ? ` OR rm.user_id IN (${placeholders(users.length)})` : ''
           })`,
        [...rooms, ...users],
      );
      for (const row of rows) {
        targets.push({
          roomId: row.room_id,
          userId: row.user_id,
          kind: row.kind,
          notify: row.notify ?? (row.kind === 'direct' ? 'all' : 'mentions'),
        });
      }
    }
    if (roomIds.length > ID_CHUNK) {
      targets.push(...(await this.notifyTargets(roomIds.slice(ID_CHUNK), mentioned)));
    }
    return dedupe(targets);
  }

  private tables() {
    return {
      members: this.table(RoomMemberEntity),
      rooms: this.table(RoomEntity),
      messages: this.table(MessageEntity),
      mentions: this.table(MessageMentionEntity),
    };
  }

  private table(entity: EntityTarget<unknown>): string {
    return this.members.manager.connection.getMetadata(entity).tablePath;
  }
}

/** The marker and counts of the member `me` in room `r`. */
function stateColumnsSql(t: { messages: string; mentions: string }): string {
  return `me.last_read_seq, r.kind,
         ${unreadCountSql(t, 'r', 'me')} AS unread,
         ${mentionCountSql(t, 'r', 'me')} AS mentions`;
}

/** A direct room counts every unread message as a mention. */
function toReadState(row: StateRow): ReadStateDto {
  const unread = Number(row.unread);
  return {
    lastReadSeq: Number(row.last_read_seq),
    unread,
    mentions: row.kind === 'direct' ? unread : Number(row.mentions),
  };
}

/** One member of one room, as a Map key. */
export function memberKey(roomId: string, userId: string): string {
  return `${roomId}\u0000${userId}`;
}

/** Chunks of mentioned users can find one member (at notify `all`) twice. */
function dedupe(targets: NotifyTarget[]): NotifyTarget[] {
  const seen = new Map<string, NotifyTarget>();
  for (const target of targets) seen.set(memberKey(target.roomId, target.userId), target);
  return [...seen.values()];
}
