import type { ChatMessage, ChatRoom, ChatUser } from '../realtime/chat-events';

/** REST shapes of the wire contract (../shared/API.md). */
export type User = ChatUser;
export type Room = ChatRoom;
export type Message = ChatMessage;

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
export interface ApiError {
  statusCode: number;
  message: string | string[];
  error: string;
}
