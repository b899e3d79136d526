import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';
import { execute, select, timestampFromRow, timestampParameter } from '../database/sql';
import type { SqliteSession } from '../database/sqlite/statements';
import { sqliteTimestamp } from '../database/sqlite/typeorm-internals';
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

const MESSAGE_COLUMNS = 'id, room_id, seq, body, sender_id, client_msg_id, created_at';

@Injectable()
export class MessagesRepository {
  constructor(
    @InjectRepository(MessageEntity) private readonly messages: Repository<MessageEntity>,
  ) {}

  /**
   * Inserts drafts with the next seqs of their rooms, in the caller's transaction, in order.
   * One UPDATE … RETURNING per room takes as many seqs as that room has drafts: on
   * PostgreSQL it locks the room row until commit, so concurrent writers (from any process)
   * queue there and seqs follow commit order with no gaps. Hand-written SQL: this is the
   * hottest path of the server. MessageWriter picks this or the synchronous SQLite version
   * below; both share the planning (planGroup, assignSeqs), as the SQLite one must not await.
   */
  async insertWithNextSeqs(
    manager: EntityManager,
    drafts: MessageDraft[],
  ): Promise<WriteOutcome[]> {
    const tables = tableNames(manager);
    // One query for every key (on PostgreSQL a concurrent transaction may still win the
    // race; its unique index then decides).
    const stored = await this.storedKeys(manager, tables.messages, drafts);
    const { outcomes, byRoom } = planGroup(drafts, stored);
    const rows: unknown[][] = [];
    for (const [roomId, indexes] of byRoom) {
      const newest = drafts[indexes[indexes.length - 1]];
      const [room] = await execute<{ last_seq: number | string }>(
        manager,
        takeSeqsSql(tables.rooms),
        [indexes.length, timestampParameter(manager, newest.createdAt), roomId],
      );
      for (const draft of assignSeqs(drafts, indexes, room?.last_seq, outcomes)) {
        rows.push(rowOf(draft, timestampParameter(manager, draft.createdAt)));
      }
    }
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      const chunk = rows.slice(start, start + INSERT_CHUNK);
      await execute(
        manager,
        `INSERT INTO ${tables.messages} (${MESSAGE_COLUMNS}) VALUES ${chunk
          .map(() => '(?, ?, ?, ?, ?, ?, ?)')
          .join(', ')}`,
        chunk.flat(),
      );
    }
    return outcomes;
  }

  /**
   * The same on SQLite, inside WriteTransactions.runOnSqlite: prepared statements on the
   * connection, run synchronously. Per message this is a third of what the
   * same statements cost through TypeORM's query runner (measured with bench --profile).
   */
  insertWithNextSeqsOnSqlite(session: SqliteSession, drafts: MessageDraft[]): WriteOutcome[] {
    const statements = this.sqliteStatements(session);
    const stored = new Set<string>();
    for (const draft of drafts) {
      if (
        draft.clientMsgId !== null &&
        statements.isStored.get(draft.senderId, draft.clientMsgId)
      ) {
        stored.add(idempotencyKey(draft.senderId, draft.clientMsgId));
      }
    }
    const { outcomes, byRoom } = planGroup(drafts, stored);
    for (const [roomId, indexes] of byRoom) {
      const newest = drafts[indexes[indexes.length - 1]];
      const room = statements.takeSeqs.get(
        indexes.length,
        sqliteTimestamp(newest.createdAt),
        roomId,
      );
      for (const draft of assignSeqs(drafts, indexes, room?.last_seq, outcomes)) {
        statements.insert.run(rowOf(draft, sqliteTimestamp(draft.createdAt)));
      }
    }
    return outcomes;
  }

  /** The group write's statements (the session prepares each once per connection). */
  private sqliteStatements(session: SqliteSession) {
    const tables = tableNames(this.messages.manager);
    return {
      isStored: session.valueStatement<[string, string], number>(
        `SELECT 1 FROM ${tables.messages} WHERE sender_id = ? AND client_msg_id = ?`,
      ),
      takeSeqs: session.statement<[number, string, string], { last_seq: number }>(
        takeSeqsSql(tables.rooms),
      ),
      insert: session.statement<[unknown[]]>(
        `INSERT INTO ${tables.messages} (${MESSAGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
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

/** Takes `?` seqs from a room (and stamps its activity); returns the room's new last_seq. */
function takeSeqsSql(rooms: string): string {
  return `UPDATE ${rooms} SET last_seq = last_seq + ?, last_activity_at = ? WHERE id = ? RETURNING last_seq`;
}

/**
 * The part of a group write both engines share: drafts whose key is stored already, or
 * repeated within the group, are duplicates (nothing written); the others grouped by room,
 * in order within each room.
 */
function planGroup(
  drafts: MessageDraft[],
  stored: Set<string>,
): { outcomes: WriteOutcome[]; byRoom: Map<string, number[]> } {
  const outcomes = new Array<WriteOutcome>(drafts.length);
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
    const indexes = byRoom.get(draft.roomId);
    if (indexes) indexes.push(index);
    else byRoom.set(draft.roomId, [index]);
  }
  // Rooms are locked in one order by every transaction, so two groups cannot deadlock.
  const inLockOrder = new Map([...byRoom].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { outcomes, byRoom: inLockOrder };
}

/**
 * Gives a room's drafts the seqs just taken (the room's new last_seq counts them), or marks
 * them no-room when the room does not exist. Returns the drafts to insert, with their seqs.
 */
function assignSeqs(
  drafts: MessageDraft[],
  indexes: number[],
  lastSeq: number | string | undefined,
  outcomes: WriteOutcome[],
): (MessageDraft & { seq: number })[] {
  if (lastSeq === undefined) {
    for (const index of indexes) outcomes[index] = { kind: 'no-room' };
    return [];
  }
  const firstSeq = Number(lastSeq) - indexes.length + 1;
  return indexes.map((index, offset) => {
    outcomes[index] = { kind: 'inserted', seq: firstSeq + offset };
    return { ...drafts[index], seq: firstSeq + offset };
  });
}

function rowOf(draft: MessageDraft & { seq: number }, createdAt: unknown): unknown[] {
  return [
    draft.id,
    draft.roomId,
    draft.seq,
    draft.body,
    draft.senderId,
    draft.clientMsgId,
    createdAt,
  ];
}

function idempotencyKey(senderId: string, clientMsgId: string): string {
  return `${senderId}\u0000${clientMsgId}`;
}
