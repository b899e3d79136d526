import { Injectable, UnauthorizedException } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import type { AuthUser } from '../common/auth.decorators';
import { AppConfig, InjectAppConfig } from '../config/app-config';
import type { ChatSocket } from './chat-broadcaster';
import { ChatError } from './chat-error';

const SESSION_ENDED = 'Your session has ended; please log in again';

interface SessionCheck {
  /** When the socket's session was last found live (Date.now()). */
  checkedAt: number;
  isRevoked: boolean;
  recheck?: Promise<void>;
}

/**
 * Whether a connected socket's session is still live, for the check on every event
 * (WsJwtGuard) without a database query per event. A revocation this instance hears of marks
 * its sockets at once; one it did not hear of (another instance's broadcast lost, a session
 * that expired) is found by asking AccountsService again, at most once per access-token
 * lifetime per socket: the same bound a REST client's token gives.
 */
@Injectable()
export class SocketSessions {
  private readonly checks = new WeakMap<ChatSocket, SessionCheck>();
  private readonly recheckAfterMs: number;

  constructor(
    @InjectAppConfig() config: AppConfig,
    private readonly accounts: AccountsService,
  ) {
    this.recheckAfterMs = config.auth.accessTokenTtlSeconds * 1000;
  }

  /** The handshake has just verified the socket's token and session. */
  verified(socket: ChatSocket): void {
    this.checks.set(socket, { checkedAt: Date.now(), isRevoked: false });
  }

  /**
   * Once the socket is connected, and so reachable by a revocation's broadcast, its session is
   * checked once more: a logout between the handshake's check and now broadcast to a socket
   * that was not there yet.
   */
  async confirmConnected(socket: ChatSocket): Promise<void> {
    const check = this.checks.get(socket);
    if (!check) return;
    await (check.recheck ??= this.recheck(socket, check));
    if (check.isRevoked) socket.disconnect(true);
  }

  /** The session of these sockets was revoked: each is refused from its next event on. */
  revoke(sockets: Iterable<ChatSocket>): void {
    for (const socket of sockets) {
      const check = this.checks.get(socket);
      if (check) check.isRevoked = true;
    }
  }

  /** Throws UNAUTHORIZED, and disconnects the socket after that ack, if its session ended. */
  async assertLive(socket: ChatSocket): Promise<void> {
    const check = this.checks.get(socket);
    if (check && !check.isRevoked && Date.now() - check.checkedAt < this.recheckAfterMs) return;
    if (check && !check.isRevoked) await (check.recheck ??= this.recheck(socket, check));
    if (!check || check.isRevoked) {
      // After the ack is on its way: the client reconnects with its current token, or learns
      // at the handshake that it must log in again.
      setImmediate(() => socket.disconnect(true));
      throw new ChatError('UNAUTHORIZED', SESSION_ENDED);
    }
  }

  private async recheck(socket: ChatSocket, check: SessionCheck): Promise<void> {
    try {
      await this.accounts.verifySession(callerOf(socket));
      check.checkedAt = Date.now();
    } catch (error) {
      // Anything but a refusal (the database is down) lets the event through; the next asks again.
      if (error instanceof UnauthorizedException) check.isRevoked = true;
    } finally {
      check.recheck = undefined;
    }
  }
}

export function callerOf(socket: ChatSocket): AuthUser {
  return {
    id: socket.data.user.id,
    username: socket.data.user.username,
    sessionId: socket.data.sessionId,
  };
}
