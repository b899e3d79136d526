import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, EntityTarget, Repository } from 'typeorm';
import { execute, select } from '../database/sql';
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

/** Ids per IN (…): far below either engine's limit on parameters. */
const ID_CHUNK = 400;

/** Read markers, their counts, and who is told of new messages. */
@Injectable()
export class AttentionRepository {
  constructor(
    @InjectRepository(RoomMemberEntity) private readonly members: Repository<RoomMemberEntity>,
  ) {}

  /**
   * Moves the member's marker up to `seq`, never back: true when it moved. One conditional
   * UPDATE, so two tabs racing leave the higher marker.
   */
  async moveMarker(
    manager: EntityManager,
    roomId: string,
    userId: string,
    seq: number,
  ): Promise<boolean> {
    const rows = await execute(
      manager,
      `UPDATE ${this.table(RoomMemberEntity)} SET last_read_seq = ?
       WHERE room_id = ? AND user_id = ? AND last_read_seq < ? RETURNING last_read_seq`,
      [seq, roomId, userId, seq],
    );
    return rows.length > 0;
  }

  /** The member's marker and counts (null: not a member); a direct room counts every unread as a mention. */
  async stateOf(roomId: string, userId: string): Promise<ReadStateDto | null> {
    const t = this.tables();
    const [row] = await select<{
      last_read_seq: number | string;
      kind: RoomKind;
      unread: number | string;
      mentions: number | string;
    }>(
      this.members.manager,
      `SELECT me.last_read_seq, r.kind,
         ${unreadCountSql(t, 'r', 'me')} AS unread,
         ${mentionCountSql(t, 'me.room_id', 'me')} AS mentions
       FROM ${t.members} me JOIN ${t.rooms} r ON r.id = me.room_id
       WHERE me.room_id = ? AND me.user_id = ?`,
      [roomId, userId],
    );
    if (!row) return null;
    const unread = Number(row.unread);
    return {
      lastReadSeq: Number(row.last_read_seq),
      unread,
      mentions: row.kind === 'direct' ? unread : Number(row.mentions),
    };
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

function placeholders(count: number): string {
  return new Array<string>(count).fill('?').join(', ');
}

/** Chunks of mentioned users can find one member (at notify `all`) twice. */
function dedupe(targets: NotifyTarget[]): NotifyTarget[] {
  const seen = new Map<string, NotifyTarget>();
  for (const target of targets) seen.set(`${target.roomId}\u0000${target.userId}`, target);
  return [...seen.values()];
}
