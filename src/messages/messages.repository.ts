import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, EntityTarget, Repository } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';
import {
  execute,
  placeholders,
  select,
  timestampFromRow,
  timestampParameter,
} from '../database/sql';
import type { SqliteSession } from '../database/sqlite/statements';
import { sqliteTimestamp } from '../database/sqlite/typeorm-internals';
import { FileEntity } from '../files/file.entity';
import { RoomBanEntity } from '../members/room-ban.entity';
import { RoomMemberEntity } from '../members/room-member.entity';
import { AccessRow, RoomAccess, toAccess } from '../rooms/rooms.repository';
import { RoomEntity } from '../rooms/room.entity';
import { claimOf, FileClaims, refuseFiles, withFiles } from './draft-files';
import { MessageReactionEntity } from './message-reaction.entity';
import { MessageRevisionEntity } from './message-revision.entity';
import {
  ChangeOutcome,
  ChangeWrites,
  GroupChanges,
  MessageBeforeChanges,
  MessageUpdate,
} from './group-changes';
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

export type WriteOutcome = NewMessageOutcome | ChangeOutcome;

/** Rows per multi-row INSERT or UPDATE: at 8 parameters a row at most, far below either engine's limit. */
const INSERT_CHUNK = 100;

export type { MessageView, ReactionRow, ReplyPreview, StoredMessage } from './message-view';
export { MAX_DISTINCT_REACTIONS, type ChangeOutcome } from './group-changes';

/** Which message a change names, and who makes it. */
export interface PlaceLookup {
  messageId: string;
  actorId: string;
}

/** A stored message's place, and its room as the acting user stands in it. */
export interface MessagePlace {
  roomId: string;
  senderId: string;
  isDeleted: boolean;
  /** Files stay attached until the message is deleted; none can be added later. */
  hasFiles: boolean;
  access: RoomAccess;
}

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
   * The group's rooms are locked before anything is read or written, in the id order every
   * group keeps (so two cannot deadlock); on PostgreSQL the locks hold until commit, so
   * concurrent writers (from any process) queue there, and seqs and change numbers follow
   * commit order with no gaps. Hand-written SQL: this is the hottest path of the server.
   * MessageWriter picks this or the synchronous SQLite version below; both share the
   * planning (planGroup, assignSeqs) and the changes (changeGroup), as the SQLite one must
   * not await.
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
    const roomIds = inLockOrder(byRoom, split.changeRooms);
    const lastChanges = await this.lockRoomsOnPostgres(manager, roomIds, split, byRoom);
    const lastSeqs = await this.takeSeqsOnPostgres(manager, split.drafts, byRoom);
    // Inserted in the rooms' lock order too, as every group inserts.
    const numbered = roomIds.flatMap((roomId) => {
      const indexes = byRoom.get(roomId);
      return indexes ? assignSeqs(split.drafts, indexes, lastSeqs.get(roomId), draftOutcomes) : [];
    });
    if (split.changes.length > 0) {
      const context: ChangeContext = {
        tables,
        timestamp: (date) => timestampParameter(manager, date),
        types: POSTGRES_TYPES,
        combinesWrites: true,
      };
      const changes = split.changes.map((index) => writes[index] as MessageChange);
      const results = await runOnManager(manager, changeGroup(context, changes, lastChanges));
      split.changes.forEach((writeIndex, i) => (outcomes[writeIndex] = results[i]));
    }
    await runOnManager(
      manager,
      insertDrafts(tables, numbered, (date) => timestampParameter(manager, date)),
    );
    split.draftIndexes.forEach((writeIndex, i) => (outcomes[writeIndex] = draftOutcomes[i]));
    return outcomes;
  }

  /**
   * Locks the group's rooms before anything is read or written, in one statement and in the
   * id order every writer keeps, so that two groups cannot deadlock: their counters, for the
   * changes (rooms that do not exist are missing). A group that only sends to one room needs
   * no statement of its own: taking its seqs locks it.
   */
  private async lockRoomsOnPostgres(
    manager: EntityManager,
    roomIds: string[],
    split: GroupSplit,
    byRoom: Map<string, number[]>,
  ): Promise<Map<string, number>> {
    if (split.changes.length === 0 && byRoom.size <= 1) return new Map();
    const locked = await execute<{ id: string; last_change: number | string }>(
      manager,
      `SELECT id, last_change FROM ${tableNames(manager).rooms}
       WHERE id = ANY(?::uuid[]) ORDER BY id FOR NO KEY UPDATE`,
      [roomIds],
    );
    return new Map(locked.map((room) => [room.id, Number(room.last_change)]));
  }

  /**
   * Takes the seqs of every room with drafts, in one statement however many rooms: each
   * room's new last_seq (rooms that do not exist are missing).
   */
  private async takeSeqsOnPostgres(
    manager: EntityManager,
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
    if (takes.length === 1) {
      const [roomId, count, at] = takes[0];
      const [room] = await execute<{ last_seq: number | string }>(manager, takeSeqsSql(rooms), [
        count,
        at,
        roomId,
      ]);
      return new Map(room ? [[roomId as string, room.last_seq]] : []);
    }
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
    const numbered = [...byRoom].flatMap(([roomId, indexes]) => {
      const newest = split.drafts[indexes[indexes.length - 1]];
      const room = statements.takeSeqs.get(
        indexes.length,
        sqliteTimestamp(newest.createdAt),
        roomId,
      );
      return assignSeqs(split.drafts, indexes, room?.last_seq, draftOutcomes);
    });
    if (split.changes.length > 0) {
      // BEGIN IMMEDIATE holds the one write lock: the counters cannot move before commit.
      const roomIds = [...split.changeRooms];
      const counters = session
        .statement<[string[]], { id: string; last_change: number }>(
          `SELECT id, last_change FROM ${statements.tables.rooms} WHERE id IN (${placeholders(roomIds.length)})`,
        )
        .all(roomIds);
      const context: ChangeContext = {
        tables: statements.tables,
        timestamp: sqliteTimestamp,
        types: SQLITE_TYPES,
        combinesWrites: false,
      };
      const changes = split.changes.map((index) => writes[index] as MessageChange);
      const lastChanges = new Map(counters.map((room) => [room.id, room.last_change]));
      const results = runOnSession(session, changeGroup(context, changes, lastChanges));
      split.changes.forEach((writeIndex, i) => (outcomes[writeIndex] = results[i]));
    }
    runOnSession(session, insertDrafts(statements.tables, numbered, sqliteTimestamp));
    split.draftIndexes.forEach((writeIndex, i) => (outcomes[writeIndex] = draftOutcomes[i]));
    return outcomes;
  }

  /** The group write's statements (the session prepares each once per connection). */
  private sqliteStatements(session: SqliteSession) {
    const tables = tableNames(this.messages.manager);
    return {
      tables,
      isStored: session.valueStatement<[string, string], number>(
        `SELECT 1 FROM ${tables.messages} WHERE sender_id = ? AND client_msg_id = ?`,
      ),
      takeSeqs: session.statement<[number, string, string], { last_seq: number }>(
        takeSeqsSql(tables.rooms),
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
   * Where each message is, whose it is and what its actor may do in its room, without its
   * body, reactions or mentions: everything a change checks before it is written, in one
   * indexed lookup per pair however many pairs (the writer reads the rest under the room's
   * lock). In the order asked; null for a message that does not exist.
   */
  async findPlaces(lookups: PlaceLookup[]): Promise<(MessagePlace | null)[]> {
    const manager = this.messages.manager;
    const t = tableNames(manager);
    const { id } = manager.connection.options.type === 'postgres' ? POSTGRES_TYPES : SQLITE_TYPES;
    const rows = await select<
      AccessRow & {
        i: number | string;
        room_id: string;
        sender_id: string;
        deleted_at: unknown;
        has_files: number | string | boolean;
      }
    >(
      manager,
      `SELECT v.column1 AS i, m.room_id, m.sender_id, m.deleted_at, r.kind, r.last_seq, me.role,
         EXISTS (SELECT 1 FROM ${t.bans} b WHERE b.room_id = m.room_id AND b.user_id = v.column3) AS banned,
         EXISTS (SELECT 1 FROM ${t.files} f WHERE f.message_id = m.id) AS has_files
       FROM (VALUES ${lookups.map(() => `(CAST(? AS integer), CAST(? AS ${id}), CAST(? AS ${id}))`).join(', ')}) AS v
       JOIN ${t.messages} m ON m.id = v.column2
       JOIN ${t.rooms} r ON r.id = m.room_id
       LEFT JOIN ${t.members} me ON me.room_id = m.room_id AND me.user_id = v.column3`,
      lookups.flatMap((lookup, i) => [i, lookup.messageId, lookup.actorId]),
    );
    const places = new Array<MessagePlace | null>(lookups.length).fill(null);
    for (const row of rows) {
      places[Number(row.i)] = {
        roomId: row.room_id,
        senderId: row.sender_id,
        isDeleted: row.deleted_at !== null,
        // EXISTS is a boolean on PostgreSQL, 0 or 1 on SQLite.
        hasFiles: Number(row.has_files) > 0,
        access: toAccess(row.room_id, row),
      };
    }
    return places;
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
  members: string;
  bans: string;
  files: string;
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
    members: path(RoomMemberEntity),
    bans: path(RoomBanEntity),
    files: path(FileEntity),
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

/** A group's new messages (with their places in it), and its changes with their rooms. */
interface GroupSplit {
  drafts: MessageDraft[];
  draftIndexes: number[];
  /** Indexes of the group's changes, in order. */
  changes: number[];
  changeRooms: Set<string>;
}

function splitGroup(writes: MessageWrite[]): GroupSplit {
  const split: GroupSplit = { drafts: [], draftIndexes: [], changes: [], changeRooms: new Set() };
  for (const [index, write] of writes.entries()) {
    if (write.kind === 'new-message') {
      split.drafts.push(write);
      split.draftIndexes.push(index);
    } else {
      split.changes.push(index);
      split.changeRooms.add(write.roomId);
    }
  }
  return split;
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
function inLockOrder(byRoom: Map<string, unknown>, changeRooms: Set<string>): string[] {
  const ids = new Set([...byRoom.keys(), ...changeRooms]);
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

/**
 * A group's new messages and their mentions, INSERT_CHUNK rows a statement on either engine:
 * SQLite's search index (FTS5) writes what a statement added as a segment of its own, so one
 * INSERT per message cost a segment per message (issue #17).
 */
function* insertDrafts(
  tables: Tables,
  drafts: (MessageDraft & { seq: number })[],
  timestamp: (date: Date) => unknown,
): Steps<void> {
  yield* insertRows(
    `${tables.messages} (${MESSAGE_COLUMNS})`,
    drafts.map((draft) => rowOf(draft, timestamp(draft.createdAt))),
  );
  yield* insertRows(`${tables.mentions} (${MENTION_COLUMNS})`, drafts.flatMap(mentionRowsOf));
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
  /** SQL types of ids and timestamps, for casts (SQLite stores both as text). */
  types: { id: string; timestamp: string };
  /** PostgreSQL: a group's writes go as the parts of one statement (data-modifying WITH). */
  combinesWrites: boolean;
}

const POSTGRES_TYPES = { id: 'uuid', timestamp: 'timestamptz' };
const SQLITE_TYPES = { id: 'text', timestamp: 'text' };

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
 * A group's changes, given its rooms' counters as locked: the messages they name, with their
 * reactions, in one query, the rules applied in memory (GroupChanges), and what they leave
 * written in a few multi-row statements, however many changes the group holds.
 */
function* changeGroup(
  context: ChangeContext,
  changes: MessageChange[],
  lastChanges: Map<string, number>,
): Steps<ChangeOutcome[]> {
  const { tables } = context;
  const ids = [...new Set(changes.map((change) => change.messageId))];
  // Each message with its reactions joined (one row per reaction): one round trip.
  const rows = yield query(
    `SELECT ${MESSAGE_VIEW_COLUMNS},
       r.seq AS reply_seq, substr(r.body, 1, ${REPLY_PREVIEW_LENGTH}) AS reply_body,
       r.sender_id AS reply_sender_id, ru.username AS reply_username,
       ru.display_name AS reply_display_name, ru.avatar_key AS reply_avatar_key,
       r.deleted_at AS reply_deleted_at,
       x.emoji, x.user_id, x.set_in, x.emoji_since
     FROM ${tables.messages} m JOIN ${tables.users} u ON u.id = m.sender_id
     LEFT JOIN ${tables.messages} r ON r.id = m.reply_to_id
     LEFT JOIN ${tables.users} ru ON ru.id = r.sender_id
     LEFT JOIN ${tables.reactions} x ON x.message_id = m.id
     WHERE m.id IN (${placeholders(ids.length)})
     ORDER BY x.emoji_since, x.set_in`,
    ids,
  );
  const messages = new Map<string, MessageBeforeChanges>();
  for (const row of rows) {
    let read = messages.get(row.id as string);
    if (!read) {
      read = {
        message: messageFromRow(row as unknown as MessageRow),
        reactions: [],
        replyTo: quotedIn(row),
      };
      messages.set(read.message.id, read);
    }
    if (row.emoji !== null)
      read.reactions.push(reactionFromRow(row as unknown as ReactionTableRow));
  }
  const group = new GroupChanges(lastChanges, messages);
  const outcomes = changes.map((change) => group.apply(change));
  const writes = writeStatements(context, group.writes());
  if (context.combinesWrites && writes.length > 1) {
    // One round trip: the statements touch disjoint rows (see writeStatements), so running
    // them as the parts of one statement, on one snapshot, writes what running them in turn would.
    yield statement(
      `WITH ${writes.map((write, i) => `w${i} AS (${write.sql})`).join(', ')} SELECT 1`,
      writes.flatMap((write) => write.parameters),
    );
  } else {
    for (const write of writes) yield write;
  }
  return outcomes;
}

/**
 * The statements that store a group's changes. No row is touched by two of them (a reaction
 * set again is upserted, not deleted and inserted; a mention an edit keeps is left alone), so
 * their order does not matter and PostgreSQL may run them as one.
 */
function writeStatements(context: ChangeContext, writes: ChangeWrites): Step[] {
  const { tables, timestamp, types } = context;
  const steps: Step[] = [];
  if (writes.cleared.length > 0) {
    for (const table of [tables.revisions, tables.reactions, tables.mentions]) {
      steps.push(
        statement(
          `DELETE FROM ${table} WHERE message_id IN (${placeholders(writes.cleared.length)})`,
          writes.cleared,
        ),
      );
    }
  }
  if (writes.reactionsRemoved.length > 0) {
    steps.push(
      statement(
        `DELETE FROM ${tables.reactions} WHERE ${writes.reactionsRemoved
          .map(() => '(message_id = ? AND user_id = ? AND emoji = ?)')
          .join(' OR ')}`,
        writes.reactionsRemoved.flatMap((r) => [r.messageId, r.userId, r.emoji]),
      ),
    );
  }
  if (writes.mentionsReplaced.length > 0) {
    const kept = writes.mentionsAdded.map(() => '(message_id = ? AND user_id = ?)');
    steps.push(
      statement(
        `DELETE FROM ${tables.mentions} WHERE message_id IN (${placeholders(writes.mentionsReplaced.length)})${
          kept.length > 0 ? ` AND NOT (${kept.join(' OR ')})` : ''
        }`,
        [
          ...writes.mentionsReplaced,
          ...writes.mentionsAdded.flatMap((m) => [m.messageId, m.userId]),
        ],
      ),
    );
  }
  steps.push(
    ...insertRows(
      `${tables.revisions} (message_id, replaced_in, body, edited_at)`,
      writes.revisions.map((r) => [r.messageId, r.replacedIn, r.body, timestamp(r.editedAt)]),
    ),
    ...insertRows(
      `${tables.reactions} (message_id, user_id, emoji, created_at, set_in, emoji_since)`,
      writes.reactionsSet.map((r) => [
        r.messageId,
        r.userId,
        r.emoji,
        timestamp(r.at),
        r.setIn,
        r.emojiSince,
      ]),
      `ON CONFLICT (message_id, user_id, emoji) DO UPDATE SET created_at = excluded.created_at,
         set_in = excluded.set_in, emoji_since = excluded.emoji_since`,
    ),
    ...insertRows(
      `${tables.mentions} (${MENTION_COLUMNS})`,
      writes.mentionsAdded.map((m) => [m.messageId, m.userId, m.roomId, m.senderId, m.seq]),
      'ON CONFLICT DO NOTHING',
    ),
  );
  const byKind = <K extends MessageUpdate['kind']>(kind: K) =>
    writes.messages.filter((update): update is Extract<MessageUpdate, { kind: K }> => {
      return update.kind === kind;
    });
  steps.push(
    ...updateRows(
      tables.messages,
      // A tombstone: the body and what hangs off it go (API.md).
      "body = '', edited_at = NULL, deleted_at = v.column2, reply_to_id = NULL, version = v.column3",
      [types.id, types.timestamp, 'integer'],
      byKind('deleted').map((u) => [u.id, timestamp(u.deletedAt), u.version]),
    ),
    ...updateRows(
      tables.messages,
      'body = v.column2, edited_at = v.column3, version = v.column4',
      [types.id, 'text', types.timestamp, 'integer'],
      byKind('edited').map((u) => [u.id, u.body, timestamp(u.editedAt), u.version]),
    ),
    // Without body in its SET list, so PostgreSQL's search trigger does not run for it.
    ...updateRows(
      tables.messages,
      'version = v.column2',
      [types.id, 'integer'],
      byKind('versioned').map((u) => [u.id, u.version]),
    ),
    ...updateRows(
      tables.rooms,
      'last_change = v.column2',
      [types.id, 'integer'],
      [...writes.lastChanges],
    ),
  );
  return steps;
}

/** A multi-row INSERT per INSERT_CHUNK rows; `into` is `table (columns)`. */
function insertRows(into: string, rows: unknown[][], onConflict = ''): Step[] {
  const steps: Step[] = [];
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK);
    const row = `(${placeholders(chunk[0].length)})`;
    steps.push(
      statement(
        `INSERT INTO ${into} VALUES ${chunk.map(() => row).join(', ')} ${onConflict}`,
        chunk.flat(),
      ),
    );
  }
  return steps;
}

/**
 * One UPDATE for many rows, each with its own values: `rows` are [id, …values], the values
 * named v.column2, v.column3, … in `set` (both engines name a VALUES list's columns so), each
 * cast to its type in `types` (PostgreSQL cannot tell a parameter's type in a VALUES list).
 */
function updateRows(table: string, set: string, types: string[], rows: unknown[][]): Step[] {
  const steps: Step[] = [];
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK);
    const row = `(${types.map((type) => `CAST(? AS ${type})`).join(', ')})`;
    steps.push(
      statement(
        `UPDATE ${table} AS t SET ${set} FROM (VALUES ${chunk.map(() => row).join(', ')}) AS v
         WHERE t.id = v.column1`,
        chunk.flat(),
      ),
    );
  }
  return steps;
}

/** The quoted message from changeGroup's row (its reply_* columns), or null. */
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
