import { TestingModule } from '@nestjs/testing';
import { AccountsModule } from '../accounts/accounts.module';
import { AccountsService } from '../accounts/accounts.service';
import type { AuthUser } from '../common/auth.decorators';
import { createUnitTestingModule } from '../testing/unit-test-module';
import type { ChatSocket } from './chat-broadcaster';
import { SocketSessions } from './socket-sessions';

describe('SocketSessions', () => {
  const LIFETIME_MS = 60_000;
  let moduleRef: TestingModule;
  let accounts: AccountsService;
  let sessions: SocketSessions;
  let caller: AuthUser;
  let now: number;

  beforeEach(async () => {
    moduleRef = await createUnitTestingModule(
      { imports: [AccountsModule], providers: [SocketSessions] },
      { ACCESS_TOKEN_TTL_SECONDS: String(LIFETIME_MS / 1000) },
    );
    await moduleRef.init();
    accounts = moduleRef.get(AccountsService);
    sessions = moduleRef.get(SocketSessions);
    const user = { username: 'Alice', email: 'alice@example.com', password: 'password123' };
    await accounts.register(user);
    const pair = await accounts.login(user, '10.0.0.1');
    caller = await accounts.verifyAccessToken(pair.accessToken);
    now = Date.now();
    jest.spyOn(Date, 'now').mockImplementation(() => now); // the clock: an edge we do not own
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await moduleRef.close();
  });

  /** A connected socket as the handshake leaves it (Socket.IO itself is not under test). */
  function aSocket(): ChatSocket & { disconnect: jest.Mock } {
    const socket = {
      id: 'socket-1',
      data: {
        user: { id: caller.id, username: caller.username, createdAt: '' },
        sessionId: caller.sessionId,
        joinedRoomIds: [],
      },
      disconnect: jest.fn(),
    };
    return socket as unknown as ChatSocket & { disconnect: jest.Mock };
  }
  const unauthorized = { code: 'UNAUTHORIZED', message: expect.stringContaining('log in again') };

  it('asks nothing of the database for the events within a token lifetime of the handshake', async () => {
    const socket = aSocket();
    sessions.verified(socket);
    const verifySession = jest.spyOn(accounts, 'verifySession');
    now += LIFETIME_MS - 1;
    for (let i = 0; i < 100; i++) await sessions.assertLive(socket);
    expect(verifySession).not.toHaveBeenCalled();
  });

  it('refuses a socket marked by its session’s revocation at once, without asking', async () => {
    const socket = aSocket();
    sessions.verified(socket);
    const verifySession = jest.spyOn(accounts, 'verifySession');
    sessions.revoke([socket]);
    await expect(sessions.assertLive(socket)).rejects.toMatchObject(unauthorized);
    expect(verifySession).not.toHaveBeenCalled();
    await new Promise(setImmediate);
    expect(socket.disconnect).toHaveBeenCalledWith(true);
  });

  it('re-checks the session once per lifetime, however many events arrive together', async () => {
    const socket = aSocket();
    sessions.verified(socket);
    const verifySession = jest.spyOn(accounts, 'verifySession');
    now += LIFETIME_MS;
    await Promise.all(Array.from({ length: 5 }, () => sessions.assertLive(socket)));
    await sessions.assertLive(socket);
    expect(verifySession).toHaveBeenCalledTimes(1);
  });

  it('refuses once a lifetime has passed a socket whose session ended unheard', async () => {
    const socket = aSocket();
    sessions.verified(socket);
    await accounts.logout(caller); // no broadcaster here: nothing marks the socket
    await sessions.assertLive(socket);
    now += LIFETIME_MS;
    await expect(sessions.assertLive(socket)).rejects.toMatchObject(unauthorized);
    await expect(sessions.assertLive(socket)).rejects.toMatchObject(unauthorized);
  });

  it('refuses a socket the handshake never verified', async () => {
    await expect(sessions.assertLive(aSocket())).rejects.toMatchObject(unauthorized);
  });
});
