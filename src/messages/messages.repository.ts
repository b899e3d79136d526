import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { execute, timestampParameter } from '../database/sql';
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

export interface Page {
  messages: MessageEntity[];
  hasMore: boolean;
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

  findBySenderAndClientMsgId(senderId: string, clientMsgId: string): Promise<MessageEntity | null> {
    return this.withSender().where({ senderId, clientMsgId }).getOne();
  }

  findById(id: string): Promise<MessageEntity | null> {
    return this.withSender().where({ id }).getOne();
  }

  /** The newest `limit` messages; `hasMore` = older ones exist. */
  newest(roomId: string, limit: number): Promise<Page> {
    return this.page(this.inRoom(roomId), 'DESC', limit);
  }

  /** The `limit` messages just below `seq`; `hasMore` = older ones exist. */
  before(roomId: string, seq: number, limit: number): Promise<Page> {
    return this.page(this.inRoom(roomId).andWhere('message.seq < :seq', { seq }), 'DESC', limit);
  }

  /** The `limit` messages just above `seq`; `hasMore` = newer ones exist. */
  after(roomId: string, seq: number, limit: number): Promise<Page> {
    return this.page(this.inRoom(roomId).andWhere('message.seq > :seq', { seq }), 'ASC', limit);
  }

  /** Fetches one row more than asked to learn whether there is more; returns ascending seq. */
  private async page(
    query: SelectQueryBuilder<MessageEntity>,
    direction: 'ASC' | 'DESC',
    limit: number,
  ): Promise<Page> {
    const rows = await query
      .orderBy('message.seq', direction)
      .limit(limit + 1)
      .getMany();
    const hasMore = rows.length > limit;
    const messages = rows.slice(0, limit);
    if (direction === 'DESC') messages.reverse();
    return { messages, hasMore };
  }

  private inRoom(roomId: string): SelectQueryBuilder<MessageEntity> {
    return this.withSender().where('message.roomId = :roomId', { roomId });
  }

  private withSender(): SelectQueryBuilder<MessageEntity> {
    return this.messages
      .createQueryBuilder('message')
      .innerJoin('message.sender', 'sender')
      .addSelect(['sender.id', 'sender.username']);
  }
}

/** Table names as the SQL needs them (schema-qualified when a PostgreSQL schema is set). */
function tableNames(manager: EntityManager): { rooms: string; messages: string } {
  return {
    rooms: manager.connection.getMetadata(RoomEntity).tablePath,
    messages: manager.connection.getMetadata(MessageEntity).tablePath,
  };
}

function idempotencyKey(senderId: string, clientMsgId: string): string {
  return `${senderId}\u0000${clientMsgId}`;
}
