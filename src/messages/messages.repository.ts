import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, EntityTarget, Repository } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';
import { execute, select, timestampFromRow, timestampParameter } from '../database/sql';
import type { SqliteSession } from '../database/sqlite/statements';
import { sqliteTimestamp } from '../database/sqlite/typeorm-internals';
import { RoomEntity } from '../rooms/room.entity';
import { claimOf, FileClaims, refuseFiles, withFiles } from './draft-files';
import { MessageReactionEntity } from './message-reaction.entity';
import { MessageRevisionEntity } from './message-revision.entity';
import type { MessageChange, MessageWrite } from './message-writer';
import { MessageEntity } from './message.entity';
import { MessageMentionEntity } from './message-mention.entity';
import type { MentionRef } from './mentions';
import { MentionsRepository } from './mentions.repository';
import {
  MESSAGE_VIEW_COLUMNS,
  MessageRow,
  MessageView,
  messageFromRow,
  REACTION_ORDER,
  reactionFromRow,
  ReactionRow,
  ReactionTableRow,
  REPLY_COLUMNS,
  REPLY_PREVIEW_LENGTH,
  ReplyPreview,
  replyFromRow,
  ReplyRow,
  StoredMessage,
  viewOf,
} from './message-view';

/** A message before it has a seq. */
export type MessageDraft = Pick<
  MessageEntity,
  'id' | 'roomId' | 'body' | 'senderId' | 'clientMsgId' | 'createdAt'
> & {
  replyToId?: string | null;
  fileIds?: string[];
  /** The room members its body mentions (resolved before writing); stored with it. */
  mentions?: MentionRef[];
};

/** What became of a new message in a group write. */
export type NewMessageOutcome =
  | { kind: 'inserted'; seq: number }
  /** Its sender had already sent its clientMsgId: nothing was written. */
  | { kind: 'duplicate' }
  | { kind: 'no-room' }
  /** A file it names is not its sender's unattached upload in its room: nothing was written. */
  | { kind: 'invalid-files' };

/** What became of an edit, deletion or reaction change in a group write. */
export type ChangeOutcome =
  /** It took the room's next change number (the view's version); the view is as it left it. */
  | { kind: 'changed'; view: MessageView }
  /** Nothing to change (same body, deleted again, set what is set): no number taken. */
  | { kind: 'unchanged'; view: MessageView }
  /** No such message in that room, or (edits, reactions) it is deleted. */
  | { kind: 'not-found' }
  /** Not the sender (edit), nor a moderator (delete). */
  | { kind: 'forbidden' }
  /** A new emoji beyond MAX_DISTINCT_REACTIONS. */
  | { kind: 'too-many-reactions' };

export type WriteOutcome = NewMessageOutcome | ChangeOutcome;

/** Different emojis one message may carry (API.md: a 21st is refused). */
export const MAX_DISTINCT_REACTIONS = 20;

/** Rows per INSERT: 8 parameters each stays far below SQLite's limit. */
const INSERT_CHUNK = 100;

export type { MessageView, ReactionRow, ReplyPreview, StoredMessage } from './message-view';

export interface Page {
  messages: MessageView[];
  hasMore: boolean;
}

/** A page around one seq (jumping to a message): more may exist on either side. */
export interface AroundPage {
  messages: MessageView[];
  hasMoreBefore: boolean;
  hasMoreAfter: boolean;
}

const MESSAGE_COLUMNS = 'id, room_id, seq, body, sender_id, client_msg_id, created_at, reply_to_id';
const MENTION_COLUMNS = 'message_id, user_id, room_id, sender_id, seq';

@Injectable()
export class MessagesRepository {
  constructor(
    @InjectRepository(MessageEntity) private readonly messages: Repository<MessageEntity>,
    private readonly mentions: MentionsRepository,
  ) {}

  /**
   * Writes a group in the caller's transaction, in order: new messages with the next seqs of
   * their rooms, and edits, deletions and reaction changes with the next change numbers.
   * One UPDATE … RETURNING per room takes as many seqs as that room has drafts, and changes
   * lock the room row before they read what they change: on PostgreSQL that lock holds until
   * commit, so concurrent writers (from any process) queue there, and seqs and change numbers
   * follow commit order with no gaps. Rooms are visited in one order by every group, so two
   * groups cannot deadlock. Hand-written SQL: this is the hottest path of the server.
   * MessageWriter picks this or the synchronous SQLite version below; both share the
   * planning (planGroup, assignSeqs) and the changes (changeRoom), as the SQLite one must not
   * await.
   */
  async writeGroup(
    manager: EntityManager,
    writes: MessageWrite[],
    files?: FileClaims,
  ): Promise<WriteOutcome[]> {
    const tables = tableNames(manager);
    const split = splitGroup(writes);
    // One query for every key (on PostgreSQL a concurrent transaction may still win the
    // race; its unique index then decides).
    const stored = await this.storedKeys(manager, tables.messages, split.drafts);
    const { outcomes: draftOutcomes, byRoom } = planGroup(split.drafts, stored);
    for (const index of withFiles(split.drafts, byRoom)) {
      const draft = split.drafts[index];
      const isClaimed = await files!.tryClaimForMessage(manager, claimOf(draft));
      if (!isClaimed) refuseFiles(index, draft, draftOutcomes, byRoom);
    }
    const outcomes = new Array<WriteOutcome>(writes.length);
    const context: ChangeContext = {
      tables,
      timestamp: (date) => timestampParameter(manager, date),
      lockRoom: ' FOR NO KEY UPDATE',
    };
    const rows: unknown[][] = [];
    const mentionRows: unknown[][] = [];
    const roomIds = inLockOrder(byRoom, split.changesByRoom);
    const lastSeqs = await this.takeSeqsOnPostgres(manager, roomIds, split.drafts, byRoom);
    for (const roomId of roomIds) {
      const indexes = byRoom.get(roomId);
      if (indexes) {
        const lastSeq = lastSeqs.get(roomId);
        for (const draft of assignSeqs(split.drafts, indexes, lastSeq, draftOutcomes)) {
          rows.push(rowOf(draft, timestampParameter(manager, draft.createdAt)));
          mentionRows.push(...mentionRowsOf(draft));
        }
      }
      const changes = split.changesByRoom.get(roomId);
      if (changes) {
        const steps = changeRoom(
          context,
          roomId,
          changes.map((index) => writes[index] as MessageChange),
        );
        const results = await runOnManager(manager, steps);
        changes.forEach((writeIndex, i) => (outcomes[writeIndex] = results[i]));
      }
    }
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      const chunk = rows.slice(start, start + INSERT_CHUNK);
      await execute(
        manager,
        `INSERT INTO ${tables.messages} (${MESSAGE_COLUMNS}) VALUES ${chunk
          .map(() => '(?, ?, ?, ?, ?, ?, ?, ?)')
          .join(', ')}`,
        chunk.flat(),
      );
    }
    for (let start = 0; start < mentionRows.length; start += INSERT_CHUNK) {
      const chunk = mentionRows.slice(start, start + INSERT_CHUNK);
      await execute(
        manager,
        `INSERT INTO ${tables.mentions} (${MENTION_COLUMNS}) VALUES ${chunk
          .map(() => '(?, ?, ?, ?, ?)')
          .join(', ')}`,
        chunk.flat(),
      );
    }
    split.draftIndexes.forEach((writeIndex, i) => (outcomes[writeIndex] = draftOutcomes[i]));
    return outcomes;
  }

  /**
   * Takes the seqs of every room with drafts: each room's new last_seq (rooms that do not
   * exist are missing). A group across many rooms would spend one round trip per room, each
   * holding the locks taken so far while it waits; instead every room of the group (those
   * its changes will lock too) is locked in one statement, in the id order every writer
   * keeps, and the seqs are taken in one more.
   */
  private async takeSeqsOnPostgres(
    manager: EntityManager,
    roomIds: string[],
    drafts: MessageDraft[],
    byRoom: Map<string, number[]>,
  ): Promise<Map<string, number | string>> {
    const { rooms } = tableNames(manager);
    const takes = [...byRoom].map(([roomId, indexes]) => [
      roomId,
      indexes.length,
      timestampParameter(manager, drafts[indexes[indexes.length - 1]].createdAt),
    ]);
    if (takes.length === 0) return new Map();
    if (roomIds.length === 1) {
      const [room] = await execute<{ last_seq: number | string }>(manager, takeSeqsSql(rooms), [
        takes[0][1],
        takes[0][2],
        takes[0][0],
      ]);
      return new Map(room ? [[roomIds[0], room.last_seq]] : []);
    }
    await execute(
      manager,
      `SELECT id FROM ${rooms} WHERE id = ANY(?::uuid[]) ORDER BY id FOR NO KEY UPDATE`,
      [roomIds],
    );
    const taken = await execute<{ id: string; last_seq: number | string }>(
      manager,
      `UPDATE ${rooms} r SET last_seq = r.last_seq + v.n, last_activity_at = v.at
       FROM (VALUES ${takes.map(() => '(?::uuid, ?::int, ?::timestamptz)').join(', ')})
         AS v(id, n, at)
       WHERE r.id = v.id RETURNING r.id, r.last_seq`,
      takes.flat(),
    );
    return new Map(taken.map((room) => [room.id, room.last_seq]));
  }

  /**
   * The same on SQLite, inside WriteTransactions.runOnSqlite: prepared statements on the
   * connection, run synchronously. Per message this is a third of what the
   * same statements cost through TypeORM's query runner (measured with bench --profile).
   */
  writeGroupOnSqlite(
    session: SqliteSession,
    writes: MessageWrite[],
    files?: FileClaims,
  ): WriteOutcome[] {
    const statements = this.sqliteStatements(session);
    const split = splitGroup(writes);
    const stored = new Set<string>();
    for (const draft of split.drafts) {
      if (
        draft.clientMsgId !== null &&
        statements.isStored.get(draft.senderId, draft.clientMsgId)
      ) {
        stored.add(idempotencyKey(draft.senderId, draft.clientMsgId));
      }
    }
    const { outcomes: draftOutcomes, byRoom } = planGroup(split.drafts, stored);
    for (const index of withFiles(split.drafts, byRoom)) {
      const draft = split.drafts[index];
      if (!files!.tryClaimForMessageOnSqlite(session, claimOf(draft))) {
        refuseFiles(index, draft, draftOutcomes, byRoom);
      }
    }
    const outcomes = new Array<WriteOutcome>(writes.length);
    const context: ChangeContext = {
      tables: tableNames(this.messages.manager),
      timestamp: sqliteTimestamp,
      // BEGIN IMMEDIATE holds the one write lock for the whole transaction.
      lockRoom: '',
    };
    const rows: unknown[][] = [];
    const mentionRows: unknown[][] = [];
    for (const roomId of inLockOrder(byRoom, split.changesByRoom)) {
      const indexes = byRoom.get(roomId);
      if (indexes) {
        const newest = split.drafts[indexes[indexes.length - 1]];
        const room = statements.takeSeqs.get(
          indexes.length,
          sqliteTimestamp(newest.createdAt),
          roomId,
        );
        for (const draft of assignSeqs(split.drafts, indexes, room?.last_seq, draftOutcomes)) {
          rows.push(rowOf(draft, sqliteTimestamp(draft.createdAt)));
          mentionRows.push(...mentionRowsOf(draft));
        }
      }
      const changes = split.changesByRoom.get(roomId);
      if (changes) {
        const steps = changeRoom(
          context,
          roomId,
          changes.map((index) => writes[index] as MessageChange),
        );
        const results = runOnSession(session, steps);
        changes.forEach((writeIndex, i) => (outcomes[writeIndex] = results[i]));
      }
    }
    // The group's messages in as few statements as the PostgreSQL path: the search index
    // (FTS5) writes what a statement added as a segment of its own, so one INSERT per message
    // cost a segment per message (issue #17).
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      const chunk = rows.slice(start, start + INSERT_CHUNK);
      statements.insertMessages(chunk.length).run(chunk.flat());
    }
    for (const mention of mentionRows) statements.insertMention.run(mention);
    split.draftIndexes.forEach((writeIndex, i) => (outcomes[writeIndex] = draftOutcomes[i]));
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
      insertMessages: (count: number) =>
        session.statement<[unknown[]]>(
          `INSERT INTO ${tables.messages} (${MESSAGE_COLUMNS}) VALUES ${Array<string>(count)
            .fill('(?, ?, ?, ?, ?, ?, ?, ?)')
            .join(', ')}`,
        ),
      insertMention: session.statement<[unknown[]]>(
        `INSERT INTO ${tables.mentions} (${MENTION_COLUMNS}) VALUES (?, ?, ?, ?, ?)`,
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
  ): Promise<MessageView | null> {
    const [message] = await this.read(
      'm.sender_id = ? AND m.client_msg_id = ?',
      [senderId, clientMsgId],
      'm.seq ASC',
      1,
    );
    return message ?? null;
  }

  /** One message as the wire shows it (deleted ones included), or null. */
  async findView(messageId: string): Promise<MessageView | null> {
    const [message] = await this.read('m.id = ?', [messageId], 'm.seq ASC', 1);
    return message ?? null;
  }

  /**
   * Where a message is and whose it is, without its body, reactions or mentions: enough to
   * check a change's permissions (the writer reads the rest under the room's lock).
   */
  async findPlace(
    messageId: string,
  ): Promise<{ roomId: string; senderId: string; isDeleted: boolean } | null> {
    const manager = this.messages.manager;
    const [row] = await select<{ room_id: string; sender_id: string; deleted_at: unknown }>(
      manager,
      `SELECT room_id, sender_id, deleted_at FROM ${tableNames(manager).messages} WHERE id = ?`,
      [messageId],
    );
    return row
      ? { roomId: row.room_id, senderId: row.sender_id, isDeleted: row.deleted_at !== null }
      : null;
  }

  /**
   * The bodies an edited message had before its current one, oldest first, each with the
   * time it became current (the message's createdAt for the original).
   */
  async previousBodies(messageId: string): Promise<{ body: string; editedAt: Date }[]> {
    const manager = this.messages.manager;
    const rows = await select<{ body: string; edited_at: Date | string }>(
      manager,
      `SELECT body, edited_at FROM ${tableNames(manager).revisions}
       WHERE message_id = ? ORDER BY replaced_in ASC`,
      [messageId],
    );
    return rows.map((row) => ({ body: row.body, editedAt: timestampFromRow(row.edited_at) }));
  }

  /** These messages as the wire shows them, in the order of `ids` (unknown ids left out). */
  async findViews(ids: string[]): Promise<MessageView[]> {
    if (ids.length === 0) return [];
    const views = await this.read(`m.id IN (${placeholders(ids.length)})`, ids, 'm.id', ids.length);
    const byId = new Map(views.map((view) => [view.message.id, view]));
    return ids.flatMap((id) => byId.get(id) ?? []);
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

  /**
   * `limit` messages around `seq`, ascending: ⌊limit/2⌋ older than it, then it and newer
   * ones; a side with too few leaves its share to the other, so the page stays full.
   */
  async around(roomId: string, seq: number, limit: number): Promise<AroundPage> {
    const [older, newer] = await Promise.all([
      this.read('m.room_id = ? AND m.seq < ?', [roomId, seq], 'm.seq DESC', limit + 1),
      this.read('m.room_id = ? AND m.seq >= ?', [roomId, seq], 'm.seq ASC', limit + 1),
    ]);
    const wantOlder = Math.floor(limit / 2);
    const newerCount = Math.min(newer.length, limit - Math.min(older.length, wantOlder));
    const olderCount = Math.min(older.length, limit - newerCount);
    return {
      messages: [...older.slice(0, olderCount).reverse(), ...newer.slice(0, newerCount)],
      hasMoreBefore: older.length > olderCount,
      hasMoreAfter: newer.length > newerCount,
    };
  }

  /**
   * The `limit` messages whose last change is above `change`, lowest version first;
   * `hasMore` = more changed ones exist. `version > 0` lets both engines use the partial
   * (room_id, version) index whatever `change` is.
   */
  async changedAfter(roomId: string, change: number, limit: number): Promise<Page> {
    const rows = await this.read(
      'm.room_id = ? AND m.version > 0 AND m.version > ?',
      [roomId, change],
      'm.version ASC',
      limit + 1,
    );
    return { messages: rows.slice(0, limit), hasMore: rows.length > limit };
  }

  /** Fetches one row more than asked to learn whether there is more; returns ascending seq. */
  private async page(
    where: string,
    parameters: unknown[],
    direction: 'ASC' | 'DESC',
    limit: number,
  ): Promise<Page> {
    const rows = await this.read(where, parameters, `m.seq ${direction}`, limit + 1);
    const hasMore = rows.length > limit;
    const messages = rows.slice(0, limit);
    if (direction === 'DESC') messages.reverse();
    return { messages, hasMore };
  }

  /**
   * History reads are, with sends, what the server does most: hand-written SQL on the
   * (room_id, seq) index, rows mapped without TypeORM's entity hydration. Reactions and
   * quoted messages come in one query each for the whole page, and only when some message
   * of the page has any (most pages need neither).
   */
  private async read(
    where: string,
    parameters: unknown[],
    orderBy: string,
    limit: number,
  ): Promise<MessageView[]> {
    const manager = this.messages.manager;
    const tables = tableNames(manager);
    const rows = await select<MessageRow>(
      manager,
      `SELECT ${MESSAGE_VIEW_COLUMNS}
       FROM ${tables.messages} m JOIN ${tables.users} u ON u.id = m.sender_id
       WHERE ${where} ORDER BY ${orderBy} LIMIT ?`,
      [...parameters, limit],
    );
    const messages = rows.map(messageFromRow);
    const [reactions, replies, mentions] = await Promise.all([
      this.reactionsOf(messages.filter((m) => m.version > 0 && m.deletedAt === null)),
      this.repliesOf(messages.filter((m) => m.replyToId !== null && m.deletedAt === null)),
      // Only a body with an @ can mention anyone.
      this.mentions.ofMessages(
        messages.filter((m) => m.deletedAt === null && m.body.includes('@')).map((m) => m.id),
      ),
    ]);
    return messages.map((message) =>
      viewOf(
        message,
        reactions.get(message.id) ?? [],
        (message.replyToId && replies.get(message.replyToId)) || null,
        mentions.get(message.id) ?? [],
      ),
    );
  }

  /** Reactions of these messages by message id, each list in the order set. */
  private async reactionsOf(messages: StoredMessage[]): Promise<Map<string, ReactionRow[]>> {
    const byMessage = new Map<string, ReactionRow[]>();
    if (messages.length === 0) return byMessage;
    const manager = this.messages.manager;
    const rows = await select<ReactionTableRow & { message_id: string }>(
      manager,
      `SELECT message_id, emoji, user_id, set_in, emoji_since FROM ${tableNames(manager).reactions}
       WHERE message_id IN (${placeholders(messages.length)}) ORDER BY ${REACTION_ORDER}`,
      messages.map((message) => message.id),
    );
    for (const row of rows) {
      const list = byMessage.get(row.message_id);
      if (list) list.push(reactionFromRow(row));
      else byMessage.set(row.message_id, [reactionFromRow(row)]);
    }
    return byMessage;
  }

  /** The messages these replies quote, by id. */
  private async repliesOf(messages: StoredMessage[]): Promise<Map<string, ReplyPreview>> {
    const quoted = [...new Set(messages.map((message) => message.replyToId!))];
    if (quoted.length === 0) return new Map();
    const manager = this.messages.manager;
    const tables = tableNames(manager);
    const rows = await select<ReplyRow>(
      manager,
      `SELECT ${REPLY_COLUMNS} FROM ${tables.messages} m JOIN ${tables.users} u ON u.id = m.sender_id
       WHERE m.id IN (${placeholders(quoted.length)})`,
      quoted,
    );
    return new Map(rows.map((row) => [row.id, replyFromRow(row)]));
  }
}

interface Tables {
  rooms: string;
  messages: string;
  users: string;
  revisions: string;
  reactions: string;
  mentions: string;
}

/** Table names as the SQL needs them (schema-qualified when a PostgreSQL schema is set). */
function tableNames(manager: EntityManager): Tables {
  const path = (entity: EntityTarget<unknown>) => manager.connection.getMetadata(entity).tablePath;
  return {
    rooms: path(RoomEntity),
    messages: path(MessageEntity),
    users: path(UserEntity),
    revisions: path(MessageRevisionEntity),
    reactions: path(MessageReactionEntity),
    mentions: path(MessageMentionEntity),
  };
}

/** Takes `?` seqs from a room (and stamps its activity); returns the room's new last_seq. */
function takeSeqsSql(rooms: string): string {
  return `UPDATE ${rooms} SET last_seq = last_seq + ?, last_activity_at = ? WHERE id = ? RETURNING last_seq`;
}

/** A group's new messages (with their places in it) and its changes by room. */
function splitGroup(writes: MessageWrite[]): {
  drafts: MessageDraft[];
  draftIndexes: number[];
  changesByRoom: Map<string, number[]>;
} {
  const drafts: MessageDraft[] = [];
  const draftIndexes: number[] = [];
  const changesByRoom = new Map<string, number[]>();
  for (const [index, write] of writes.entries()) {
    if (write.kind === 'new-message') {
      drafts.push(write);
      draftIndexes.push(index);
      continue;
    }
    const indexes = changesByRoom.get(write.roomId);
    if (indexes) indexes.push(index);
    else changesByRoom.set(write.roomId, [index]);
  }
  return { drafts, draftIndexes, changesByRoom };
}

/**
 * The part of a group write both engines share: drafts whose key is stored already, or
 * repeated within the group, are duplicates (nothing written); the others grouped by room,
 * in order within each room.
 */
function planGroup(
  drafts: MessageDraft[],
  stored: Set<string>,
): { outcomes: NewMessageOutcome[]; byRoom: Map<string, number[]> } {
  const outcomes = new Array<NewMessageOutcome>(drafts.length);
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
  return { outcomes, byRoom };
}

/** Rooms are locked in one order by every transaction, so two groups cannot deadlock. */
function inLockOrder(...rooms: Map<string, unknown>[]): string[] {
  const ids = new Set(rooms.flatMap((byRoom) => [...byRoom.keys()]));
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Gives a room's drafts the seqs just taken (the room's new last_seq counts them), or marks
 * them no-room when the room does not exist. Returns the drafts to insert, with their seqs.
 */
function assignSeqs(
  drafts: MessageDraft[],
  indexes: number[],
  lastSeq: number | string | undefined,
  outcomes: NewMessageOutcome[],
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
    draft.replyToId ?? null,
  ];
}

function mentionRowsOf(draft: MessageDraft & { seq: number }): unknown[][] {
  return (draft.mentions ?? []).map((mention) => [
    draft.id,
    mention.id,
    draft.roomId,
    draft.senderId,
    draft.seq,
  ]);
}

function idempotencyKey(senderId: string, clientMsgId: string): string {
  return `${senderId}\u0000${clientMsgId}`;
}

function placeholders(count: number): string {
  return new Array<string>(count).fill('?').join(', ');
}

/*
 * Changes (edits, deletions, reactions) are written once, as generators that yield each
 * statement and get its rows back: runOnSession() runs them synchronously inside SQLite's
 * transaction (which must not await), runOnManager() awaits each on PostgreSQL.
 */

/** One statement of a change; `returnsRows` tells better-sqlite3's all() from run(). */
interface Step {
  sql: string;
  parameters: unknown[];
  returnsRows: boolean;
}

type Steps<T> = Generator<Step, T, Record<string, unknown>[]>;

interface ChangeContext {
  tables: Tables;
  timestamp: (date: Date) => unknown;
  /** Appended to the room's read: PostgreSQL locks the row until commit; SQLite holds one lock. */
  lockRoom: string;
}

function query(sql: string, parameters: unknown[]): Step {
  return { sql, parameters, returnsRows: true };
}

function statement(sql: string, parameters: unknown[]): Step {
  return { sql, parameters, returnsRows: false };
}

function runOnSession<T>(session: SqliteSession, steps: Steps<T>): T {
  let next = steps.next();
  while (!next.done) {
    const { sql, parameters, returnsRows } = next.value;
    const prepared = session.statement<[unknown[]], Record<string, unknown>>(sql);
    if (returnsRows) {
      next = steps.next(prepared.all(parameters));
    } else {
      prepared.run(parameters);
      next = steps.next([]);
    }
  }
  return next.value;
}

async function runOnManager<T>(manager: EntityManager, steps: Steps<T>): Promise<T> {
  let next = steps.next();
  while (!next.done) {
    next = steps.next(await execute(manager, next.value.sql, next.value.parameters));
  }
  return next.value;
}

/**
 * A room's changes of one group, in order. The room row is locked first (and read for its
 * counter), so what each change reads cannot move before it commits, and a change that turns
 * out to change nothing takes no number. The counter is written back once per room.
 */
function* changeRoom(
  context: ChangeContext,
  roomId: string,
  changes: MessageChange[],
): Steps<ChangeOutcome[]> {
  const [room] = yield query(
    `SELECT last_change FROM ${context.tables.rooms} WHERE id = ?${context.lockRoom}`,
    [roomId],
  );
  if (!room) return changes.map((): ChangeOutcome => ({ kind: 'not-found' }));
  const taken = Number(room.last_change);
  let lastChange = taken;
  const nextChange = () => ++lastChange;
  const outcomes: ChangeOutcome[] = [];
  for (const change of changes) outcomes.push(yield* applyChange(context, change, nextChange));
  if (lastChange !== taken) {
    yield statement(`UPDATE ${context.tables.rooms} SET last_change = ? WHERE id = ?`, [
      lastChange,
      roomId,
    ]);
  }
  return outcomes;
}

function* applyChange(
  context: ChangeContext,
  change: MessageChange,
  nextChange: () => number,
): Steps<ChangeOutcome> {
  const { tables, timestamp } = context;
  const [row] = yield query(
    `SELECT ${MESSAGE_VIEW_COLUMNS},
       r.seq AS reply_seq, substr(r.body, 1, ${REPLY_PREVIEW_LENGTH}) AS reply_body,
       r.sender_id AS reply_sender_id, ru.username AS reply_username,
       ru.display_name AS reply_display_name, ru.avatar_key AS reply_avatar_key,
       r.deleted_at AS reply_deleted_at
     FROM ${tables.messages} m JOIN ${tables.users} u ON u.id = m.sender_id
     LEFT JOIN ${tables.messages} r ON r.id = m.reply_to_id
     LEFT JOIN ${tables.users} ru ON ru.id = r.sender_id
     WHERE m.id = ?`,
    [change.messageId],
  );
  if (!row || row.room_id !== change.roomId) return { kind: 'not-found' };
  const message = messageFromRow(row as unknown as MessageRow);
  const replyTo = quotedIn(row);

  if (change.kind === 'delete') {
    if (message.senderId !== change.actorId && !change.isModerator) return { kind: 'forbidden' };
    if (message.deletedAt !== null) return { kind: 'unchanged', view: viewOf(message, [], null) };
    const version = nextChange();
    // The body is removed, not hidden: revisions and reactions go with it.
    yield statement(
      `UPDATE ${tables.messages} SET body = '', edited_at = NULL, deleted_at = ?, reply_to_id = NULL, version = ? WHERE id = ?`,
      [timestamp(change.at), version, message.id],
    );
    yield statement(`DELETE FROM ${tables.revisions} WHERE message_id = ?`, [message.id]);
    yield statement(`DELETE FROM ${tables.reactions} WHERE message_id = ?`, [message.id]);
    yield statement(`DELETE FROM ${tables.mentions} WHERE message_id = ?`, [message.id]);
    const tombstone = {
      ...message,
      body: '',
      editedAt: null,
      deletedAt: change.at,
      replyToId: null,
      version,
    };
    return { kind: 'changed', view: viewOf(tombstone, [], null) };
  }

  if (message.deletedAt !== null) return { kind: 'not-found' };
  const reactionRows = yield query(
    `SELECT emoji, user_id, set_in, emoji_since FROM ${tables.reactions} WHERE message_id = ? ORDER BY ${REACTION_ORDER}`,
    [message.id],
  );
  const reactions = reactionRows.map((r) => reactionFromRow(r as unknown as ReactionTableRow));

  if (change.kind === 'files') {
    const version = nextChange();
    yield statement(`UPDATE ${tables.messages} SET version = ? WHERE id = ?`, [
      version,
      message.id,
    ]);
    return { kind: 'changed', view: viewOf({ ...message, version }, reactions, replyTo) };
  }

  if (change.kind === 'edit') {
    if (message.senderId !== change.actorId) return { kind: 'forbidden' };
    if (message.body === change.body) {
      return { kind: 'unchanged', view: viewOf(message, reactions, replyTo) };
    }
    const version = nextChange();
    yield statement(
      `INSERT INTO ${tables.revisions} (message_id, replaced_in, body, edited_at) VALUES (?, ?, ?, ?)`,
      [message.id, version, message.body, timestamp(message.editedAt ?? message.createdAt)],
    );
    yield statement(
      `UPDATE ${tables.messages} SET body = ?, edited_at = ?, version = ? WHERE id = ?`,
      [change.body, timestamp(change.at), version, message.id],
    );
    const edited = { ...message, body: change.body, editedAt: change.at, version };
    if (change.mentions === undefined) {
      return { kind: 'changed', view: viewOf(edited, reactions, replyTo) };
    }
    // The new body's mentions replace the old ones (a removed mention leaves that count).
    yield statement(`DELETE FROM ${tables.mentions} WHERE message_id = ?`, [message.id]);
    for (const mention of change.mentions) {
      yield statement(
        `INSERT INTO ${tables.mentions} (${MENTION_COLUMNS}) VALUES (?, ?, ?, ?, ?)`,
        [message.id, mention.id, message.roomId, message.senderId, message.seq],
      );
    }
    return { kind: 'changed', view: viewOf(edited, reactions, replyTo, change.mentions) };
  }

  const isSet = reactions.some((r) => r.userId === change.actorId && r.emoji === change.emoji);
  if (isSet === change.on) return { kind: 'unchanged', view: viewOf(message, reactions, replyTo) };
  let after: ReactionRow[];
  let version: number;
  if (change.on) {
    const emojis = new Set(reactions.map((r) => r.emoji));
    if (!emojis.has(change.emoji) && emojis.size >= MAX_DISTINCT_REACTIONS) {
      return { kind: 'too-many-reactions' };
    }
    version = nextChange();
    // An emoji keeps its place while anyone keeps it; a new one goes last.
    const since = reactions.find((r) => r.emoji === change.emoji)?.emojiSince ?? version;
    yield statement(
      `INSERT INTO ${tables.reactions} (message_id, user_id, emoji, created_at, set_in, emoji_since) VALUES (?, ?, ?, ?, ?, ?)`,
      [message.id, change.actorId, change.emoji, timestamp(change.at), version, since],
    );
    const added = {
      emoji: change.emoji,
      userId: change.actorId,
      setIn: version,
      emojiSince: since,
    };
    // Stable: within an emoji the new user, whose setIn is the highest, stays last.
    after = [...reactions, added].sort((a, b) => a.emojiSince - b.emojiSince);
  } else {
    version = nextChange();
    yield statement(
      `DELETE FROM ${tables.reactions} WHERE message_id = ? AND user_id = ? AND emoji = ?`,
      [message.id, change.actorId, change.emoji],
    );
    after = reactions.filter((r) => !(r.userId === change.actorId && r.emoji === change.emoji));
  }
  yield statement(`UPDATE ${tables.messages} SET version = ? WHERE id = ?`, [version, message.id]);
  return { kind: 'changed', view: viewOf({ ...message, version }, after, replyTo) };
}

/** The quoted message from applyChange's row (its reply_* columns), or null. */
function quotedIn(row: Record<string, unknown>): ReplyPreview | null {
  if (row.reply_to_id === null || row.reply_seq === null || row.reply_seq === undefined) {
    return null;
  }
  return replyFromRow({
    id: row.reply_to_id as string,
    seq: row.reply_seq as number,
    body: row.reply_body as string,
    sender_id: row.reply_sender_id as string,
    username: row.reply_username as string,
    display_name: row.reply_display_name as string | null,
    avatar_key: row.reply_avatar_key as string | null,
    deleted_at: row.reply_deleted_at as Date | string | null,
  });
}
