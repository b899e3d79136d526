import request from 'supertest';
import * as passwords from '../src/accounts/passwords';
import { aUser, UserDraft } from './builders/user.builder';
import { api } from './helpers/api-client';
import { startTestApp, TestApp } from './helpers/test-app';

/** Issue #21: what an adversarial run found in login, refresh and register. */
describe('Auth hardening (e2e)', () => {
  let addressCounter = 0;
  /** A client address of its own, as a proxy trusted through TRUST_PROXY reports it. */
  const anAddress = () => `203.0.113.${++addressCounter}`;

  describe('login limits', () => {
    let testApp: TestApp;
    let client: ReturnType<typeof api>;

    beforeAll(async () => {
      testApp = await startTestApp({
        TRUST_PROXY: '1',
        LOGIN_MAX_FAILURES: '5',
        LOGIN_MAX_FAILURES_PER_IP: '10',
        LOGIN_MAX_FAILURES_PER_ACCOUNT: '8',
        REGISTER_RATE_PER_HOUR: '1000',
      });
      client = api(testApp);
    });
    afterAll(() => testApp.close());

    const login = (address: string, username: string, password: string) =>
      request(testApp.url)
        .post('/api/auth/login')
        .set('X-Forwarded-For', address)
        .send({ username, password });
    const failFrom = async (address: string, username: string, times: number) => {
      for (let attempt = 0; attempt < times; attempt++) {
        await login(address, username, 'wrong password').expect(401);
      }
    };
    /** Ten failures on as many unknown names: the address's whole allowance. */
    const spendAddress = async (address: string) => {
      for (let name = 0; name < 10; name++) {
        await login(address, `ghost${name}_${address}`, 'wrong password').expect(401);
      }
    };

    it('an address past its limit still logs in with a correct password to an account it has not failed on', async () => {
      const victim = await client.register();
      const shared = anAddress();
      await spendAddress(shared);

      const refused = await login(shared, `nobody_${process.pid}`, 'wrong password').expect(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      await login(shared, victim.username, victim.password).expect(200);
    });

    it('an address past its limit gets one try per account, then that account is locked for it', async () => {
      const target = await client.register();
      const attacker = anAddress();
      await spendAddress(attacker);

      await login(attacker, target.username, 'wrong password').expect(401);
      await login(attacker, target.username, target.password).expect(429);
      await login(anAddress(), target.username, target.password).expect(200);
    });

    it('with TRUST_PROXY, clients behind the proxy are counted apart', async () => {
      const attacker = anAddress();
      await spendAddress(attacker);

      await login(attacker, `nobody_${process.pid}`, 'wrong password').expect(429);
      await login(anAddress(), `nobody_${process.pid}`, 'wrong password').expect(401);
    });

    it("failures lock an account for the address that made them, not for its owner's", async () => {
      const victim = await client.register();
      const attacker = anAddress();
      await failFrom(attacker, victim.username, 5);

      await login(attacker, victim.username, victim.password).expect(429);
      await login(anAddress(), victim.username, victim.password).expect(200);
    });

    it('failures from many addresses lock the account for everyone', async () => {
      const victim = await client.register();
      await failFrom(anAddress(), victim.username, 4);
      await failFrom(anAddress(), victim.username, 4);

      await login(anAddress(), victim.username, victim.password).expect(429);
    });

    it('the username and the email of one account share one counter', async () => {
      const draft = await client.register();
      const attacker = anAddress();
      await failFrom(attacker, draft.username, 3);
      await failFrom(attacker, draft.email.toUpperCase(), 2);

      await login(attacker, draft.email, draft.password).expect(429);
      await login(attacker, draft.username, draft.password).expect(429);
    });

    it('60 parallel wrong passwords: only the limit of them are checked', async () => {
      const victim = await client.register();
      const attacker = anAddress();
      const verify = jest.spyOn(passwords, 'verifyPassword');
      try {
        const statuses = await Promise.all(
          Array.from(
            { length: 60 },
            async () => (await login(attacker, victim.username, 'wrong password')).status,
          ),
        );
        expect(statuses.filter((status) => status === 401)).toHaveLength(5);
        expect(statuses.filter((status) => status === 429)).toHaveLength(55);
        expect(verify).toHaveBeenCalledTimes(5);
      } finally {
        verify.mockRestore();
      }
      await login(anAddress(), victim.username, victim.password).expect(200);
    });

    it('a success hands back its own attempt: signing in often is no failure', async () => {
      const draft = await client.register();
      const home = anAddress();
      for (let attempt = 0; attempt < 12; attempt++) {
        await login(home, draft.email, draft.password).expect(200);
      }
      await failFrom(home, draft.username, 4);
      await login(home, draft.username, draft.password).expect(200);
    });
  });

  it('without TRUST_PROXY a forged X-Forwarded-For does not escape the per-address limit', async () => {
    const untrusting = await startTestApp({ LOGIN_MAX_FAILURES_PER_IP: '2' });
    try {
      const login = (username: string) =>
        request(untrusting.url)
          .post('/api/auth/login')
          .set('X-Forwarded-For', anAddress())
          .send({ username, password: 'wrong password' });
      await login('ghost_one').expect(401);
      await login('ghost_two').expect(401);
      await login('ghost_three').expect(429);
    } finally {
      await untrusting.close();
    }
  });

  describe('refresh tokens', () => {
    let testApp: TestApp;
    let client: ReturnType<typeof api>;

    beforeAll(async () => {
      testApp = await startTestApp({ REGISTER_RATE_PER_HOUR: '1000' });
      client = api(testApp);
    });
    afterAll(() => testApp.close());

    const refresh = (refreshToken: string) =>
      client.http().post('/api/auth/refresh').send({ refreshToken });
    const me = (accessToken: string) =>
      client.http().get('/api/auth/me').auth(accessToken, { type: 'bearer' });

    it("a guessed secret beside someone's session id is refused and their session goes on", async () => {
      const victim = await client.signUp();
      const [sessionId] = victim.refreshToken.split('.');

      await refresh(`${sessionId}.${'A'.repeat(43)}`).expect(401);

      await me(victim.accessToken).expect(200);
      const rotated = await refresh(victim.refreshToken).expect(200);
      await refresh(`${sessionId}.${'B'.repeat(43)}`).expect(401);
      await me(rotated.body.accessToken).expect(200);
      await refresh(rotated.body.refreshToken).expect(200);
    });

    it('the token a rotation replaced, presented again, still revokes the session', async () => {
      const session = await client.signUp();
      const rotated = await refresh(session.refreshToken).expect(200);

      await refresh(session.refreshToken).expect(401);

      await me(rotated.body.accessToken).expect(401);
      await refresh(rotated.body.refreshToken).expect(401);
    });
  });

  describe('registration', () => {
    let testApp: TestApp;

    beforeAll(async () => {
      testApp = await startTestApp({ TRUST_PROXY: '1', REGISTER_RATE_PER_HOUR: '3' });
    });
    afterAll(() => testApp.close());

    const register = (address: string, draft: UserDraft) =>
      request(testApp.url).post('/api/auth/register').set('X-Forwarded-For', address).send(draft);

    it('answers a taken username and a taken email alike, after the same work', async () => {
      const address = anAddress();
      const first = aUser();
      await register(address, first).expect(201);
      const hash = jest.spyOn(passwords, 'hashPassword');
      try {
        const takenName = await register(address, aUser({ username: first.username })).expect(409);
        expect(hash).toHaveBeenCalledTimes(1);
        const takenEmail = await register(address, aUser({ email: first.email })).expect(409);
        expect(hash).toHaveBeenCalledTimes(2);

        expect(takenEmail.body).toEqual(takenName.body);
        expect(takenName.body).toEqual({
          statusCode: 409,
          message: 'Username or email is already taken',
          error: 'Conflict',
        });
      } finally {
        hash.mockRestore();
      }
    });

    it('limits registrations per address (REGISTER_RATE_PER_HOUR), others go on', async () => {
      const address = anAddress();
      for (let attempt = 0; attempt < 3; attempt++) {
        await register(address, aUser()).expect(201);
      }

      const refused = await register(address, aUser()).expect(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      await register(anAddress(), aUser()).expect(201);
    });
  });
});
