/**
 * The Socket.IO half of the wire contract (../shared/API.md), as types. Self-contained (no
 * imports) so the web client can mirror it file for file.
 */

export type ErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'NOT_JOINED'
  | 'RATE_LIMITED'
  | 'UNAUTHORIZED'
  /** Allowed to see, not to do (REST's 403). */
  | 'FORBIDDEN'
  | 'INTERNAL';

export interface AckError {
  ok: false;
  error: { code: ErrorCode; message: string; retryAfterMs?: number };
}

/** Every acknowledgement: `{ ok: true, ...result }` or `{ ok: false, error }`. */
export type Ack<T extends object = object> = ({ ok: true } & T) | AckError;
export type AckCallback<T extends object = object> = (reply: Ack<T>) => void;

export interface ChatUser {
  id: string;
  username: string;
  createdAt: string;
  /** What to show (defaults to the username); user text, never trusted. */
  displayName: string;
  /** A square image of at most 256 × 256, or null. */
  avatarUrl: string | null;
}

export type RoomKind = 'public' | 'private' | 'direct';
export type MemberRole = 'owner' | 'admin' | 'member';
export type NotifyLevel = 'all' | 'mentions' | 'none';

/** The caller's own membership of a room. */
export interface ChatMembership {
  role: MemberRole;
  lastReadSeq: number;
  unread: number;
  mentions: number;
  notify: NotifyLevel;
}

export interface ChatMember {
  user: ChatUserRef;
  role: MemberRole;
  joinedAt: string;
}

export interface ChatRoom {
  id: string;
  /** "" for a direct room: it is named by its `members`. */
  name: string;
  description: string;
  createdBy: ChatUserRef;
  createdAt: string;
  lastSeq: number;
  kind: RoomKind;
  lastChange: number;
  memberCount: number;
  /** The caller's own; `null` when not a member; absent in `room:created` and `room:updated`. */
  membership?: ChatMembership | null;
  /** Every participant of a direct room. */
  members?: ChatUserRef[];
}

export interface ChatUserRef {
  id: string;
  username: string;
  displayName: string;
  avatarUrl: string | null;
}

/** A member a message mentions. */
export interface ChatMention {
  id: string;
  username: string;
}

export interface ChatReaction {
  /** One RGI emoji. */
  emoji: string;
  count: number;
  /** Who reacted with it, in the order they did. */
  userIds: string[];
}

/** The message a reply answers, as it is now: `body` cut to 200 code points, "" once deleted. */
export interface ChatReplyTo {
  id: string;
  seq: number;
  sender: ChatUserRef;
  body: string;
  deletedAt: string | null;
}

export interface ChatFile {
  id: string;
  name: string;
  size: number;
  contentType: string;
  width: number | null;
  height: number | null;
  url: string;
  thumbnailUrl: string | null;
}

export interface ChatMessage {
  id: string;
  roomId: string;
  seq: number;
  /** "" once deleted. */
  body: string;
  sender: ChatUserRef;
  clientMsgId: string | null;
  createdAt: string;
  /** The room's change number of its last edit, deletion or reaction change; 0 until changed. */
  version: number;
  editedAt: string | null;
  deletedAt: string | null;
  replyTo: ChatReplyTo | null;
  /** By username, as they were written (no display name). */
  mentions: ChatMention[];
  /** In order of each emoji's first use. */
  reactions: ChatReaction[];
  files: ChatFile[];
}

export interface JoinRoomPayload {
  roomId: string;
  /** The last seq the client holds; the ack then carries what came after it. */
  afterSeq?: number;
  /** The last change number the client holds; the ack then carries what changed after it. */
  afterChange?: number;
}

export interface JoinRoomResult {
  room: ChatRoom;
  /** Everyone in the room now. */
  users: ChatUser[];
  /** Messages with seq > afterSeq, oldest first, at most 100; empty without afterSeq. */
  missed: ChatMessage[];
  hasMore: boolean;
  /** Messages with version > afterChange, lowest version first, at most 100; empty without afterChange. */
  changed: ChatMessage[];
  changedHasMore: boolean;
}

export interface LeaveRoomPayload {
  roomId: string;
}

export interface SendMessagePayload {
  roomId: string;
  body: string;
  clientMsgId?: string | null;
  /** A message of the same room this one answers. */
  replyToId?: string | null;
  /** Up to 10 of the sender's unattached uploads to this room; then `body` may be "". */
  fileIds?: string[];
}

export interface SendMessageResult {
  message: ChatMessage;
}

export interface EditMessagePayload {
  messageId: string;
  body: string;
}

export interface DeleteMessagePayload {
  messageId: string;
}

export interface SetReactionPayload {
  messageId: string;
  /** One emoji (a single RGI emoji grapheme). */
  emoji: string;
  on: boolean;
}

/** The message as the change left it (or as it is, when nothing changed). */
export interface MessageChangeResult {
  message: ChatMessage;
}

export interface TypingPayload {
  roomId: string;
  isTyping: boolean;
}

export interface PresenceEvent {
  roomId: string;
  joined: ChatUser[];
  left: ChatUser[];
}

export interface TypingEvent {
  roomId: string;
  user: ChatUser;
  isTyping: boolean;
}

export interface RoomRemovedEvent {
  roomId: string;
}

export interface RoomMemberEvent {
  roomId: string;
  userId: string;
  /** The member as they are now; `null` when they left, were removed or banned. */
  member: ChatMember | null;
}

export interface ReadRoomPayload {
  roomId: string;
  /** Messages up to this seq are read (0..lastSeq); a lower seq than the marker changes nothing. */
  seq: number;
}

/** A read marker and what it leaves unread: the `room:read` ack and the `read` event. */
export interface ReadState {
  lastReadSeq: number;
  /** Messages after lastReadSeq sent by others and not deleted (exact, uncapped). */
  unread: number;
  /** Those of them that mention you; in a direct room, all of them. */
  mentions: number;
}

export interface ReadEvent extends ReadState {
  roomId: string;
}

export type NotificationReason = 'mention' | 'direct' | 'message';

export interface NotificationEvent {
  roomId: string;
  message: ChatMessage;
  reason: NotificationReason;
}

export interface ClientToServerEvents {
  'room:join': (payload: JoinRoomPayload, ack: AckCallback<JoinRoomResult>) => void;
  'room:leave': (payload: LeaveRoomPayload, ack: AckCallback) => void;
  'message:send': (payload: SendMessagePayload, ack: AckCallback<SendMessageResult>) => void;
  typing: (payload: TypingPayload, ack: AckCallback) => void;
  'message:edit': (payload: EditMessagePayload, ack: AckCallback<MessageChangeResult>) => void;
  'message:delete': (payload: DeleteMessagePayload, ack: AckCallback) => void;
  'reaction:set': (payload: SetReactionPayload, ack: AckCallback<MessageChangeResult>) => void;
  'room:read': (payload: ReadRoomPayload, ack: AckCallback<ReadState>) => void;
}

export interface ServerToClientEvents {
  'message:new': (message: ChatMessage) => void;
  /** A message of a joined room changed (the whole message); in version order per room. */
  'message:updated': (message: ChatMessage) => void;
  presence: (event: PresenceEvent) => void;
  typing: (event: TypingEvent) => void;
  'room:created': (room: ChatRoom) => void;
  'room:added': (room: ChatRoom) => void;
  'room:removed': (event: RoomRemovedEvent) => void;
  'room:updated': (room: ChatRoom) => void;
  'room:member': (event: RoomMemberEvent) => void;
  /** The user's read marker moved (from any of their sockets or REST), to every socket of theirs. */
  read: (event: ReadEvent) => void;
  /** A message they should hear of, by their notify level, to every socket of theirs. */
  notification: (event: NotificationEvent) => void;
  /** A user sharing a room with you (or you) changed display name or avatar; no email. */
  'user:updated': (user: ChatUser) => void;
}

/** What the server keeps on each socket after the handshake. */
export interface SocketData {
  user: ChatUser;
  sessionId: string;
  /** Rooms this socket has joined (Socket.IO has emptied `socket.rooms` by 'disconnect'). */
  joinedRoomIds: string[];
}
