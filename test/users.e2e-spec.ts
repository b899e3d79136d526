import { api, Session } from './helpers/api-client';
import { startTestApp, TestApp } from './helpers/test-app';

describe('User directory (e2e)', () => {
  let testApp: TestApp;
  let client: ReturnType<typeof api>;
  let caller: Session;
  const tag = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;

  beforeAll(async () => {
    testApp = await startTestApp();
    client = api(testApp);
    caller = await client.signUp();
    for (const username of [`Zed_${tag}`, `zebra${tag}`, `zexx${tag}`, `zE_x${tag}`, `zap${tag}`]) {
      await client.register({ username });
    }
  });
  afterAll(() => testApp.close());

  const search = (query: string) =>
    client
      .http()
      .get(`/api/users${query}`)
      .set({ Authorization: `Bearer ${caller.accessToken}` });

  it('finds users by username prefix, any case, by username; never emails', async () => {
    const { body } = await search('?q=ZE').expect(200);
    const names = body.map((user: { username: string }) => user.username);
    expect(names).toEqual([`zE_x${tag}`, `zebra${tag}`, `Zed_${tag}`, `zexx${tag}`]);
    expect(body[0]).toEqual({
      id: expect.any(String),
      username: `zE_x${tag}`,
      createdAt: expect.any(String),
      displayName: `zE_x${tag}`,
      avatarUrl: null,
    });
    expect(JSON.stringify(body)).not.toContain('@');
  });

  it('matches "_" and "%" literally, not as LIKE wildcards', async () => {
    const { body: underscore } = await search('?q=ze_').expect(200);
    expect(underscore.map((user: { username: string }) => user.username)).toEqual([`zE_x${tag}`]);
    const { body: percent } = await search('?q=z%25').expect(200);
    expect(percent).toEqual([]);
  });

  it('takes a limit of 1–50 (default 20)', async () => {
    const { body } = await search('?q=z&limit=2').expect(200);
    expect(body).toHaveLength(2);
    const { body: all } = await search('').expect(200);
    expect(all.length).toBeGreaterThanOrEqual(6);
    expect(all.length).toBeLessThanOrEqual(20);
    for (const limit of ['0', '51', 'ten']) await search(`?q=z&limit=${limit}`).expect(400);
  });

  it('needs an access token', async () => {
    await client.http().get('/api/users?q=z').expect(401);
  });
});
