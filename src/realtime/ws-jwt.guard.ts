import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { ChatSocket } from './chat-broadcaster';
import { SocketSessions } from './socket-sessions';

/**
 * The gateway's JWT guard: the handshake verified the socket's access token (socketAuth);
 * this refuses each event of a socket whose session has since been revoked or has expired,
 * with the ack `{ ok: false, error: { code: 'UNAUTHORIZED' } }` (via WsAckFilter).
 */
@Injectable()
export class WsJwtGuard implements CanActivate {
  constructor(private readonly sessions: SocketSessions) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await this.sessions.assertLive(context.switchToWs().getClient<ChatSocket>());
    return true;
  }
}
