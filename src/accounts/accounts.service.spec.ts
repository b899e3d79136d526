import { UnauthorizedException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { TestingModule } from '@nestjs/testing';
import { SESSION_REVOKED, SessionRevokedEvent } from './session-events';
import { createUnitTestingModule } from '../testing/unit-test-module';
import { AccountsModule } from './accounts.module';
import { AccountsService } from './accounts.service';
import { UsersRepository } from './users.repository';

describe('AccountsService', () => {
  let moduleRef: TestingModule;
  let accounts: AccountsService;
  let revoked: SessionRevokedEvent[];
  const alice = { username: 'Alice', email: 'alice@example.com', password: 'password123' };

  beforeEach(async () => {
    moduleRef = await createUnitTestingModule({ imports: [AccountsModule] });
    await moduleRef.init();
    accounts = moduleRef.get(AccountsService);
    revoked = [];
    moduleRef
      .get(EventEmitter2)
      .on(SESSION_REVOKED, (event: SessionRevokedEvent) => revoked.push(event));
    await accounts.register(alice);
  });
  afterEach(() => moduleRef.close());

  const login = () => accounts.login({ username: 'alice', password: alice.password }, '10.0.0.1');

  it('stores an argon2id hash, never the password', async () => {
    const stored = await moduleRef.get(UsersRepository).findByLogin('alice');
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored?.passwordHash).not.toContain(alice.password);
  });

  it('issues an access token that identifies the user and the session', async () => {
    const pair = await login();
    const caller = await accounts.verifyAccessToken(pair.accessToken);
    expect(caller).toEqual({ id: pair.user.id, username: 'Alice', sessionId: expect.any(String) });
    expect(pair.refreshToken.startsWith(`${caller.sessionId}.`)).toBe(true);
  });

  it('logout revokes the session at once and announces it (for the sockets to close)', async () => {
    const pair = await login();
    const caller = await accounts.verifyAccessToken(pair.accessToken);

    await accounts.logout(caller);

    await expect(accounts.verifyAccessToken(pair.accessToken)).rejects.toBeInstanceOf(
      UnauthorizedException,
    );
    expect(revoked).toEqual([{ sessionId: caller.sessionId, userId: caller.id }]);
  });

  it('two refreshes racing with one token: one wins, and the session is then revoked as reused', async () => {
    const pair = await login();
    const results = await Promise.allSettled([
      accounts.refresh(pair.refreshToken),
      accounts.refresh(pair.refreshToken),
    ]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const winner = results.find((r) => r.status === 'fulfilled')!;
    await expect(accounts.verifyAccessToken(winner.value.accessToken)).rejects.toBeInstanceOf(
      UnauthorizedException,
    );
    expect(revoked).toHaveLength(1);
  });
});
