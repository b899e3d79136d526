/**
 * Published by AccountsService when a live session is revoked (logout, refresh-token reuse):
 * Realtime refuses and disconnects that session's sockets.
 */
export const SESSION_REVOKED = 'session.revoked';

export interface SessionRevokedEvent {
  sessionId: string;
  userId: string;
}
