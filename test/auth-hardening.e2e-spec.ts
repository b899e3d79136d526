import { api } from './helpers/api-client';
import { startTestApp, TestApp } from './helpers/test-app';

/** Issue #21: what an adversarial run found in login, refresh and register. */
describe('Auth hardening (e2e)', () => {
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
});
