import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';
import { execute, select, timestampFromRow, timestampParameter } from '../database/sql';
import { RoomEntity } from '../rooms/room.entity';
import { MessageEntity } from './message.entity';

/** A message before it has a seq. */
export type MessageDraft = Omit<MessageEntity, 'seq' | 'sender'>;

/** What became of one draft in insertWithNextSeqs. */
export type WriteOutcome =
  | { kind: 'inserted'; seq: number }
  /** Its sender had already sent its clientMsgId: nothing was written. */
  | { kind: 'duplicate' }
  | { kind: 'no-room' };

/** Rows per INSERT: 7 parameters each stays far below SQLite's limit. */
const INSERT_CHUNK = 100;

/** A stored message with the little of its sender that replies show. */
export type StoredMessage = Omit<MessageEntity, 'sender'> & {
  sender: Pick<UserEntity, 'id' | 'username'>;
};

export interface Page {
  messages: StoredMessage[];
  hasMore: boolean;
}

interface MessageRow {
  id: string;
  room_id: string;
  seq: number | string;
  body: string;
  sender_id: string;
  username: string;
  client_msg_id: string | null;
  created_at: Date | string;
}

@Injectable()
export class MessagesRepository {
  constructor(
    @InjectRepository(MessageEntity) private readonly messages: Repository<MessageEntity>,
  ) {}

  /**
   * Inserts drafts with the next seqs of their rooms, in the caller's transaction, in order.
   * One UPDATE … RETURNING per room takes as many seqs as that room has drafts: on
   * PostgreSQL it locks the room row until commit, so concurrent writers (from any process)
   * queue there and seqs follow commit order with no gaps; on SQLite writes are one at a
   * time already. Hand-written SQL: this is the hottest path of the server.
   */
  async insertWithNextSeqs(
    manager: EntityManager,
    drafts: MessageDraft[],
  ): Promise<WriteOutcome[]> {
    const outcomes: WriteOutcome[] = new Array<WriteOutcome>(drafts.length);
    const tables = tableNames(manager);

    // Idempotency: a key already stored, or repeated within this group, writes nothing.
    // (On PostgreSQL a concurrent transaction may still win; its unique index then decides.)
    const stored = await this.storedKeys(manager, tables.messages, drafts);
    const byRoom = new Map<string, number[]>();
    for (const [index, draft] of drafts.entries()) {
      if (draft.clientMsgId !== null) {
        const key = idempotencyKey(draft.senderId, draft.clientMsgId);
        if (stored.has(key)) {
          outcomes[index] = { kind: 'duplicate' };
          continue;
        }
        stored.add(key);
      }
      byRoom.set(draft.roomId, [...(byRoom.get(draft.roomId) ?? []), index]);
    }
    const rows: unknown[][] = [];
    for (const [roomId, indexes] of byRoom) {
      const newest = drafts[indexes[indexes.length - 1]];
      const [room] = await execute<{ last_seq: number | string }>(
        manager,
        `UPDATE ${tables.rooms} SET last_seq = last_seq + ?, last_activity_at = ? WHERE id = ? RETURNING last_seq`,
        [indexes.length, timestampParameter(manager, newest.createdAt), roomId],
      );
      if (!room) {
        for (const index of indexes) outcomes[index] = { kind: 'no-room' };
        continue;
      }
      const firstSeq = Number(room.last_seq) - indexes.length + 1;
      indexes.forEach((index, offset) => {
        const draft = drafts[index];
        outcomes[index] = { kind: 'inserted', seq: firstSeq + offset };
        rows.push([
          draft.id,
          draft.roomId,
          firstSeq + offset,
          draft.body,
          draft.senderId,
          draft.clientMsgId,
          timestampParameter(manager, draft.createdAt),
        ]);
      });
    }

    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      const chunk = rows.slice(start, start + INSERT_CHUNK);
      await execute(
        manager,
        `INSERT INTO ${tables.messages} (id, room_id, seq, body, sender_id, client_msg_id, created_at) VALUES ${chunk
          .map(() => '(?, ?, ?, ?, ?, ?, ?)')
          .join(', ')}`,
        chunk.flat(),
      );
    }
    return outcomes;
  }

  /** Which of the drafts' (sender, clientMsgId) keys are stored already: one query. */
  private async storedKeys(
    manager: EntityManager,
    table: string,
    drafts: MessageDraft[],
  ): Promise<Set<string>> {
    const keyed = drafts.filter((draft) => draft.clientMsgId !== null);
    if (keyed.length === 0) return new Set();
    const rows = await execute<{ sender_id: string; client_msg_id: string }>(
      manager,
      `SELECT sender_id, client_msg_id FROM ${table} WHERE ${keyed.map(() => '(sender_id = ? AND client_msg_id = ?)').join(' OR ')}`,
      keyed.flatMap((draft) => [draft.senderId, draft.clientMsgId]),
    );
    return new Set(rows.map((row) => idempotencyKey(row.sender_id, row.client_msg_id)));
  }

  async findBySenderAndClientMsgId(
    senderId: string,
    clientMsgId: string,
  ): Promise<StoredMessage | null> {
    const [message] = await this.read(
      'm.sender_id = ? AND m.client_msg_id = ?',
      [senderId, clientMsgId],
      'ASC',
      1,
    );
    return message ?? null;
  }

  /** The newest `limit` messages; `hasMore` = older ones exist. */
  newest(roomId: string, limit: number): Promise<Page> {
    return this.page('m.room_id = ?', [roomId], 'DESC', limit);
  }

  /** The `limit` messages just below `seq`; `hasMore` = older ones exist. */
  before(roomId: string, seq: number, limit: number): Promise<Page> {
    return this.page('m.room_id = ? AND m.seq < ?', [roomId, seq], 'DESC', limit);
  }

  /** The `limit` messages just above `seq`; `hasMore` = newer ones exist. */
  after(roomId: string, seq: number, limit: number): Promise<Page> {
    return this.page('m.room_id = ? AND m.seq > ?', [roomId, seq], 'ASC', limit);
  }

  /** Fetches one row more than asked to learn whether there is more; returns ascending seq. */
  private async page(
    where: string,
    parameters: unknown[],
    direction: 'ASC' | 'DESC',
    limit: number,
  ): Promise<Page> {
    const rows = await this.read(where, parameters, direction, limit + 1);
    const hasMore = rows.length > limit;
    const messages = rows.slice(0, limit);
    if (direction === 'DESC') messages.reverse();
    return { messages, hasMore };
  }

  /**
   * History reads are, with sends, what the server does most: hand-written SQL on the
   * (room_id, seq) index, rows mapped without TypeORM's entity hydration.
   */
  private async read(
    where: string,
    parameters: unknown[],
    direction: 'ASC' | 'DESC',
    limit: number,
  ): Promise<StoredMessage[]> {
    const manager = this.messages.manager;
    const tables = tableNames(manager);
    const rows = await select<MessageRow>(
      manager,
      `SELECT m.id, m.room_id, m.seq, m.body, m.sender_id, u.username, m.client_msg_id, m.created_at
       FROM ${tables.messages} m JOIN ${tables.users} u ON u.id = m.sender_id
       WHERE ${where} ORDER BY m.seq ${direction} LIMIT ?`,
      [...parameters, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      roomId: row.room_id,
      seq: Number(row.seq),
      body: row.body,
      senderId: row.sender_id,
      sender: { id: row.sender_id, username: row.username },
      clientMsgId: row.client_msg_id,
      createdAt: timestampFromRow(row.created_at),
    }));
  }
}

/** Table names as the SQL needs them (schema-qualified when a PostgreSQL schema is set). */
function tableNames(manager: EntityManager): { rooms: string; messages: string; users: string } {
  return {
    rooms: manager.connection.getMetadata(RoomEntity).tablePath,
    messages: manager.connection.getMetadata(MessageEntity).tablePath,
    users: manager.connection.getMetadata(UserEntity).tablePath,
  };
}

function idempotencyKey(senderId: string, clientMsgId: string): string {
  return `${senderId}\u0000${clientMsgId}`;
}
