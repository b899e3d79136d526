import type { UserCard } from '../accounts/user-card';
import { timestampFromRow } from '../database/sql';
import type { MessageEntity } from './message.entity';
import type { MentionRef } from './mentions';

/** A stored message with the little of its sender that replies show. */
export type StoredMessage = Omit<MessageEntity, 'sender'> & {
  sender: UserCard;
};

/**
 * One user's reaction, as read. Reactions are ordered by `emojiSince` (when their emoji first
 * came onto the message, so emojis keep the order of their first use), then `setIn` (when
 * this user set it).
 */
export interface ReactionRow {
  emoji: string;
  userId: string;
  setIn: number;
  emojiSince: number;
}

/** ORDER BY for reaction rows (see ReactionRow). */
export const REACTION_ORDER = 'emoji_since ASC, set_in ASC';

/** The message a reply answers, as it is when the reply is read; body cut to 200 code points. */
export interface ReplyPreview {
  id: string;
  seq: number;
  sender: UserCard;
  body: string;
  deletedAt: Date | null;
}

/** Everything the wire's Message is made of. */
export interface MessageView {
  message: StoredMessage;
  /** In the order they were set. */
  reactions: ReactionRow[];
  replyTo: ReplyPreview | null;
  /** Room members the message mentions, by username; undefined where not read yet. */
  mentions?: MentionRef[];
}

/** Code points of the quoted message a reply shows (API.md). */
export const REPLY_PREVIEW_LENGTH = 200;

/**
 * A quoted body as a reply shows it: its first REPLY_PREVIEW_LENGTH code points, as SQL's
 * substr() cuts them (REPLY_COLUMNS).
 */
export function replyPreviewBody(body: string): string {
  return Array.from(body).slice(0, REPLY_PREVIEW_LENGTH).join('');
}

/** A message row as hand-written SQL reads it (MESSAGE_VIEW_COLUMNS). */
export interface MessageRow {
  id: string;
  room_id: string;
  seq: number | string;
  body: string;
  sender_id: string;
  username: string;
  display_name: string | null;
  avatar_key: string | null;
  client_msg_id: string | null;
  created_at: Date | string;
  version: number | string;
  edited_at: Date | string | null;
  deleted_at: Date | string | null;
  reply_to_id: string | null;
}

/** The columns of MessageRow, for `FROM messages m JOIN users u ON u.id = m.sender_id`. */
export const MESSAGE_VIEW_COLUMNS =
  'm.id, m.room_id, m.seq, m.body, m.sender_id, u.username, u.display_name, u.avatar_key, ' +
  'm.client_msg_id, m.created_at, ' +
  'm.version, m.edited_at, m.deleted_at, m.reply_to_id';

/** A quoted message row (REPLY_COLUMNS), for `FROM messages m JOIN users u …`. */
export interface ReplyRow {
  id: string;
  seq: number | string;
  body: string;
  sender_id: string;
  username: string;
  display_name: string | null;
  avatar_key: string | null;
  deleted_at: Date | string | null;
}

/** substr() counts characters (code points) on both engines. */
export const REPLY_COLUMNS = `m.id, m.seq, substr(m.body, 1, ${REPLY_PREVIEW_LENGTH}) AS body, m.sender_id, u.username, u.display_name, u.avatar_key, m.deleted_at`;

export function messageFromRow(row: MessageRow): StoredMessage {
  return {
    id: row.id,
    roomId: row.room_id,
    seq: Number(row.seq),
    body: row.body,
    senderId: row.sender_id,
    sender: senderOf(row),
    clientMsgId: row.client_msg_id,
    createdAt: timestampFromRow(row.created_at),
    version: Number(row.version),
    editedAt: nullableTimestamp(row.edited_at),
    deletedAt: nullableTimestamp(row.deleted_at),
    replyToId: row.reply_to_id,
  };
}

export function replyFromRow(row: ReplyRow): ReplyPreview {
  return {
    id: row.id,
    seq: Number(row.seq),
    sender: senderOf(row),
    body: row.deleted_at === null ? row.body : '',
    deletedAt: nullableTimestamp(row.deleted_at),
  };
}

export interface ReactionTableRow {
  emoji: string;
  user_id: string;
  set_in: number | string;
  emoji_since: number | string;
}

export function reactionFromRow(row: ReactionTableRow): ReactionRow {
  return {
    emoji: row.emoji,
    userId: row.user_id,
    setIn: Number(row.set_in),
    emojiSince: Number(row.emoji_since),
  };
}

/** A deleted message shows no reactions and quotes nothing, whatever is still stored. */
export function viewOf(
  message: StoredMessage,
  reactions: ReactionRow[],
  replyTo: ReplyPreview | null,
  mentions?: MentionRef[],
): MessageView {
  return message.deletedAt === null
    ? { message, reactions, replyTo, mentions }
    : { message, reactions: [], replyTo: null, mentions: [] };
}

function nullableTimestamp(value: Date | string | null): Date | null {
  return value === null ? null : timestampFromRow(value);
}

function senderOf(row: Pick<MessageRow, 'sender_id' | 'username' | 'display_name' | 'avatar_key'>) {
  return {
    id: row.sender_id,
    username: row.username,
    displayName: row.display_name,
    avatarKey: row.avatar_key,
  };
}
