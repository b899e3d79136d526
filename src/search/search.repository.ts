import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityTarget } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';
import { select } from '../database/sql';
import { RoomMemberEntity } from '../members/room-member.entity';
import { MessageEntity } from '../messages/message.entity';
import { RoomEntity } from '../rooms/room.entity';
import type { SearchCursor } from './search-cursor';
import { Phrase, toFts5Match, toTsQuery } from './search-text';

export interface SearchCriteria {
  userId: string;
  phrases: Phrase[];
  roomId?: string;
  senderId?: string;
  before: SearchCursor | null;
  limit: number;
}

/** A matching message, newest first, with its room and where it sits in the order. */
export interface SearchHit {
  messageId: string;
  room: { id: string; name: string; kind: string };
  cursor: SearchCursor;
}

interface HitRow {
  id: string;
  room_id: string;
  room_name: string;
  room_kind: string;
  position?: number | string;
  created_at?: Date;
}

/**
 * The search queries, one per engine. Membership is a join inside the query, so LIMIT counts
 * only messages the user may read; deleted messages have no index entry (SQLite) or an empty
 * vector (PostgreSQL), and `deleted_at IS NULL` says so once more.
 */
@Injectable()
export class SearchRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get engine(): 'sqlite' | 'postgres' {
    return this.dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  /** The id of the user with this username (any case), or null. */
  async userIdOf(username: string): Promise<string | null> {
    const [row] = await select<{ id: string }>(
      this.dataSource.manager,
      `SELECT id FROM ${this.table(UserEntity)} WHERE username_key = ?`,
      [username.toLowerCase()],
    );
    return row?.id ?? null;
  }

  async search(criteria: SearchCriteria): Promise<SearchHit[]> {
    const rows =
      this.engine === 'postgres' ? await this.onPostgres(criteria) : await this.onSqlite(criteria);
    return rows.map((row) => ({
      messageId: row.id,
      room: { id: row.room_id, name: row.room_name, kind: row.room_kind },
      cursor:
        row.position !== undefined
          ? { rowid: Number(row.position) }
          : { createdAt: row.created_at!, id: row.id },
    }));
  }

  /** FTS5 hands matches over in rowid order, newest first, so a page stops reading early. */
  private onSqlite({ userId, phrases, roomId, senderId, before, limit }: SearchCriteria) {
    const { filters, parameters } = commonFilters(roomId, senderId);
    if (before && 'rowid' in before) {
      filters.push('AND s.rowid < ?');
      parameters.push(before.rowid);
    }
    return select<HitRow>(
      this.dataSource.manager,
      `SELECT m.id, s.rowid AS position, m.room_id, r.name AS room_name, r.kind AS room_kind
       FROM messages_search s
       JOIN ${this.table(MessageEntity)} m ON m.rowid = s.rowid
       JOIN ${this.table(RoomMemberEntity)} rm ON rm.room_id = m.room_id AND rm.user_id = ?
       JOIN ${this.table(RoomEntity)} r ON r.id = m.room_id
       WHERE messages_search MATCH ? AND m.deleted_at IS NULL ${filters.join(' ')}
       ORDER BY s.rowid DESC LIMIT ?`,
      [userId, toFts5Match(phrases), ...parameters, limit],
    );
  }

  private onPostgres({ userId, phrases, roomId, senderId, before, limit }: SearchCriteria) {
    const { filters, parameters } = commonFilters(roomId, senderId);
    if (before && 'createdAt' in before) {
      filters.push('AND (m.created_at, m.id) < (?, ?)');
      parameters.push(before.createdAt, before.id);
    }
    // The query text is folded as the indexed text is (chat_search_text without the
    // punctuation step, which would eat the tsquery operators; its words are letters only).
    return select<HitRow>(
      this.dataSource.manager,
      `SELECT m.id, m.created_at, m.room_id, r.name AS room_name, r.kind AS room_kind
       FROM ${this.table(MessageEntity)} m
       JOIN ${this.table(RoomMemberEntity)} rm ON rm.room_id = m.room_id AND rm.user_id = ?
       JOIN ${this.table(RoomEntity)} r ON r.id = m.room_id
       WHERE m.search_vector @@ to_tsquery('simple', ${this.qualified('chat_unaccent')}(lower(?)))
         AND m.deleted_at IS NULL ${filters.join(' ')}
       ORDER BY m.created_at DESC, m.id DESC LIMIT ?`,
      [userId, toTsQuery(phrases), ...parameters, limit],
    );
  }

  private table(entity: EntityTarget<unknown>): string {
    return this.dataSource.getMetadata(entity).tablePath;
  }

  private qualified(name: string): string {
    const schema = (this.dataSource.options as { schema?: string }).schema;
    return schema ? `"${schema}"."${name}"` : name;
  }
}

/** The optional room and sender filters, as SQL and its parameters (in that order). */
function commonFilters(
  roomId: string | undefined,
  senderId: string | undefined,
): { filters: string[]; parameters: unknown[] } {
  const filters: string[] = [];
  const parameters: unknown[] = [];
  if (roomId !== undefined) {
    filters.push('AND m.room_id = ?');
    parameters.push(roomId);
  }
  if (senderId !== undefined) {
    filters.push('AND m.sender_id = ?');
    parameters.push(senderId);
  }
  return { filters, parameters };
}
