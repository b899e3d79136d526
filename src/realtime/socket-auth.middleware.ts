import type { Socket } from 'socket.io';
import type { AccountsService } from '../accounts/accounts.service';
import { bearerToken } from '../accounts/jwt.strategy';
import type { ChatSocket } from './chat-broadcaster';
import { sessionChannel, userChannel } from './channels';
import type { SocketSessions } from './socket-sessions';

type SocketNext = (error?: Error) => void;

class TooManyConnections extends Error {}

/**
 * Authenticates a connection at the handshake (guards do not run there): the access token
 * from `auth.token`, or an `Authorization: Bearer` header, checked exactly as REST checks it,
 * revocation included. A failure reaches the client as `connect_error` "unauthorized".
 */
export function socketAuth(
  accounts: AccountsService,
  sessions: SocketSessions,
  maxSocketsPerUser: number,
) {
  return (socket: ChatSocket, next: SocketNext): void => {
    authenticate(accounts, sessions, socket, maxSocketsPerUser).then(
      () => next(),
      (error) =>
        next(
          new Error(error instanceof TooManyConnections ? 'too many connections' : 'unauthorized'),
        ),
    );
  };
}

async function authenticate(
  accounts: AccountsService,
  sessions: SocketSessions,
  socket: ChatSocket,
  maxSocketsPerUser: number,
): Promise<void> {
  const token = tokenOf(socket);
  if (!token) throw new Error('no token');
  const caller = await accounts.verifyAccessToken(token);
  // Counted on this instance: each connection holds memory and rooms here.
  const open = socket.nsp.adapter.rooms.get(userChannel(caller.id))?.size ?? 0;
  if (open >= maxSocketsPerUser) throw new TooManyConnections();
  const { user, card } = await accounts.socketIdentity(caller.id);
  socket.data.user = user;
  socket.data.card = card;
  socket.data.sessionId = caller.sessionId;
  accounts.sessionUsed(caller.sessionId);
  socket.data.joinedRoomIds = [];
  sessions.verified(socket);
  await socket.join([userChannel(caller.id), sessionChannel(caller.sessionId)]);
}

function tokenOf(socket: Socket): string | undefined {
  const auth = socket.handshake.auth as { token?: unknown } | undefined;
  if (typeof auth?.token === 'string' && auth.token !== '') return auth.token;
  return bearerToken(socket.handshake.headers.authorization);
}
