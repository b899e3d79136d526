import type { Socket } from 'socket.io';
import type { AccountsService } from '../accounts/accounts.service';
import { bearerToken } from '../accounts/jwt.strategy';
import type { SocketData } from './chat-events';
import { sessionChannel, userChannel } from './channels';

type SocketNext = (error?: Error) => void;

/**
 * Authenticates a connection at the handshake (guards do not run there): the access token
 * from `auth.token`, or an `Authorization: Bearer` header, checked exactly as REST checks it,
 * revocation included. A failure reaches the client as `connect_error` "unauthorized".
 */
export function socketAuth(accounts: AccountsService) {
  return (socket: Socket<never, never, never, SocketData>, next: SocketNext): void => {
    authenticate(accounts, socket).then(
      () => next(),
      () => next(new Error('unauthorized')),
    );
  };
}

async function authenticate(
  accounts: AccountsService,
  socket: Socket<never, never, never, SocketData>,
): Promise<void> {
  const token = tokenOf(socket);
  if (!token) throw new Error('no token');
  const caller = await accounts.verifyAccessToken(token);
  socket.data.user = await accounts.profile(caller.id);
  socket.data.sessionId = caller.sessionId;
  socket.data.joinedRoomIds = [];
  await socket.join([userChannel(caller.id), sessionChannel(caller.sessionId)]);
}

function tokenOf(socket: Socket): string | undefined {
  const auth = socket.handshake.auth as { token?: unknown } | undefined;
  if (typeof auth?.token === 'string' && auth.token !== '') return auth.token;
  return bearerToken(socket.handshake.headers.authorization);
}
