import type {
  ChatMember,
  ChatMembership,
  ChatMessage,
  ChatRoom,
  ChatUser,
  MemberRole,
  NotifyLevel,
  RoomKind,
} from '../realtime/chat-events';

/** REST shapes of the wire contract (../shared/API.md). */
export type User = ChatUser;
export type Room = ChatRoom;
export type Message = ChatMessage;
export type Member = ChatMember;
export type Membership = ChatMembership;
export type { MemberRole, NotifyLevel, RoomKind };

/** `{ id, username }`, as rooms and members name people. */
export type UserRef = Member['user'];

/** `GET /api/rooms/:id/members`, by username. */
export interface MemberPage {
  members: Member[];
  hasMore: boolean;
}

/** `POST /api/rooms`. */
export interface NewRoom {
  name: string;
  description: string;
  kind: 'public' | 'private';
}

/** `PATCH /api/rooms/:id`. */
export interface RoomChanges {
  name?: string;
  description?: string;
}

export interface OwnUser extends User {
  email: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: OwnUser;
}

export interface MessagePage {
  messages: Message[];
  hasMore: boolean;
}

/** Nest's error body; validation errors carry one sentence per problem. */
/** GET /api/messages/:id/revisions: every body a message has had, original first. */
export interface MessageRevisions {
  revisions: { body: string; editedAt: string }[];
}

export interface ApiError {
  statusCode: number;
  message: string | string[];
  error: string;
}
