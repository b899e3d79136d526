import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { aUser } from './builders/user.builder';
import { api } from './helpers/api-client';
import { startTestApp, TestApp } from './helpers/test-app';

describe('Accounts (e2e)', () => {
  let testApp: TestApp;
  let client: ReturnType<typeof api>;

  beforeAll(async () => {
    testApp = await startTestApp({
      LOGIN_MAX_FAILURES: '3',
      LOGIN_MAX_FAILURES_PER_IP: '1000',
      REGISTER_RATE_PER_HOUR: '1000',
    });
    client = api(testApp);
  });
  afterAll(() => testApp.close());

  const http = () => client.http();
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  describe('POST /api/auth/register', () => {
    it('creates an account and answers with it, email lower-cased, no secrets', async () => {
      const draft = aUser({
        username: `Mixed.Case_${process.pid}`,
        email: `Someone.${process.pid}@Example.COM`,
      });
      const response = await http().post('/api/auth/register').send(draft).expect(201);

      expect(response.body).toEqual({
        user: {
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          username: draft.username,
          email: draft.email.toLowerCase(),
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          displayName: draft.username,
          avatarUrl: null,
        },
      });
      expect(JSON.stringify(response.body)).not.toMatch(/hash|password|argon/i);
    });

    it.each([
      ['a short username', { username: 'ab' }, 'username'],
      ['a long username', { username: 'a'.repeat(33) }, 'username'],
      ['a username with a space', { username: 'bad name' }, 'username'],
      ['a username with "@"', { username: 'bad@name' }, 'username'],
      ['an invalid email', { email: 'not-an-email' }, 'email'],
      ['a short password', { password: 'seven77' }, 'password'],
      ['a long password', { password: 'p'.repeat(129) }, 'password'],
      ['a non-string password', { password: 12345678 }, 'password'],
    ])('refuses %s with a 400 naming the field', async (_case, override, field) => {
      const response = await http()
        .post('/api/auth/register')
        .send({ ...aUser(), ...override })
        .expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(response.body.message.join(' ')).toContain(field);
    });

    it('refuses unknown fields instead of ignoring them', async () => {
      const response = await http()
        .post('/api/auth/register')
        .send({ ...aUser(), isAdmin: true })
        .expect(400);
      expect(response.body.message).toEqual(['property isAdmin should not exist']);
    });

    it('refuses a body that is not JSON with a 400 and no stack trace', async () => {
      const response = await http()
        .post('/api/auth/register')
        .set('Content-Type', 'application/json')
        .send('{"username": ')
        .expect(400);
      expect(response.body).toEqual({
        statusCode: 400,
        message: 'Request body is not valid JSON',
        error: 'Bad Request',
      });
    });

    it('refuses an oversized body with 413', async () => {
      const response = await http()
        .post('/api/auth/register')
        .send({ ...aUser(), password: 'p'.repeat(100_000) })
        .expect(413);
      expect(response.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    });

    it('answers 409 for a username taken in another case, and for a taken email, alike', async () => {
      const first = await client.register();
      for (const draft of [
        aUser({ username: first.username.toUpperCase() }),
        aUser({ email: first.email.toUpperCase() }),
      ]) {
        await http()
          .post('/api/auth/register')
          .send(draft)
          .expect(409)
          .expect(({ body }) => expect(body.message).toBe('Username or email is already taken'));
      }
    });
  });

  describe('POST /api/auth/login', () => {
    it('accepts the username or the email, in any case', async () => {
      const draft = await client.register();
      for (const username of [
        draft.username,
        draft.username.toUpperCase(),
        draft.email.toUpperCase(),
      ]) {
        const response = await http()
          .post('/api/auth/login')
          .send({ username, password: draft.password })
          .expect(200);
        expect(response.body).toEqual({
          accessToken: expect.any(String),
          refreshToken: expect.any(String),
          expiresIn: 900,
          user: expect.objectContaining({ username: draft.username, email: draft.email }),
        });
      }
    });

    it('gives the same 401 for an unknown user and for a wrong password', async () => {
      const draft = await client.register();
      const wrongPassword = await http()
        .post('/api/auth/login')
        .send({ username: draft.username, password: 'wrong password' })
        .expect(401);
      const unknownUser = await http()
        .post('/api/auth/login')
        .send({ username: `nobody_${process.pid}`, password: 'wrong password' })
        .expect(401);
      expect(unknownUser.body).toEqual(wrongPassword.body);
      expect(wrongPassword.body).toEqual({
        statusCode: 401,
        message: 'Invalid username or password',
        error: 'Unauthorized',
      });
    });

    it('locks a username after too many failures, even for the right password', async () => {
      const draft = await client.register();
      for (let attempt = 0; attempt < 3; attempt++) {
        await http()
          .post('/api/auth/login')
          .send({ username: draft.username, password: 'nope nope' })
          .expect(401);
      }
      const locked = await http()
        .post('/api/auth/login')
        .send({ username: draft.username.toUpperCase(), password: draft.password })
        .expect(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      expect(locked.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    });

    it('does not count failures against other usernames', async () => {
      const victim = await client.register();
      const bystander = await client.register();
      for (let attempt = 0; attempt < 3; attempt++) {
        await http()
          .post('/api/auth/login')
          .send({ username: victim.username, password: 'nope nope' })
          .expect(401);
      }
      await client.login(bystander);
    });
  });

  describe('sessions', () => {
    it('GET /api/auth/me answers your own account with email, and 401 without a token', async () => {
      const session = await client.signUp();
      const me = await http().get('/api/auth/me').set(bearer(session.accessToken)).expect(200);
      expect(me.body).toEqual(session.user);
      await http().get('/api/auth/me').expect(401);
      await http().get('/api/auth/me').set(bearer('not.a.jwt')).expect(401);
    });

    it('answers a missing, malformed or forged token with a 401 in the error shape that says why', async () => {
      const session = await client.signUp();
      const [header, payload] = session.accessToken.split('.');
      const forged = `${header}.${payload}.${'A'.repeat(43)}`;

      const missing = await http().get('/api/rooms').expect(401);
      expect(missing.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: expect.stringContaining('Authorization: Bearer'),
      });
      expect(missing.headers['www-authenticate']).toBe('Bearer');
      for (const authorization of [`Basic ${session.accessToken}`, 'Bearer', `Bearer ${forged}`]) {
        const refused = await http().get('/api/rooms').set('Authorization', authorization);
        expect(refused.status).toBe(401);
        expect(refused.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
        expect(refused.body.message).toEqual(expect.any(String));
        expect(refused.headers['www-authenticate']).toBe('Bearer');
      }
    });

    it('refresh rotates the pair; the old access token still works until it expires', async () => {
      const session = await client.signUp();
      const refreshed = await http()
        .post('/api/auth/refresh')
        .send({ refreshToken: session.refreshToken })
        .expect(200);
      expect(refreshed.body.refreshToken).not.toBe(session.refreshToken);
      expect(refreshed.body.user).toEqual(session.user);
      await http().get('/api/auth/me').set(bearer(refreshed.body.accessToken)).expect(200);
      await http().get('/api/auth/me').set(bearer(session.accessToken)).expect(200);
    });

    it('a reused refresh token is refused and revokes the whole session', async () => {
      const session = await client.signUp();
      const refreshed = await http()
        .post('/api/auth/refresh')
        .send({ refreshToken: session.refreshToken })
        .expect(200);

      await http()
        .post('/api/auth/refresh')
        .send({ refreshToken: session.refreshToken })
        .expect(401);

      await http().get('/api/auth/me').set(bearer(refreshed.body.accessToken)).expect(401);
      await http()
        .post('/api/auth/refresh')
        .send({ refreshToken: refreshed.body.refreshToken })
        .expect(401);
    });

    it('refuses unknown and malformed refresh tokens with 401, and a missing one with 400', async () => {
      const session = await client.signUp();
      const [sessionId] = session.refreshToken.split('.');
      await http()
        .post('/api/auth/refresh')
        .send({ refreshToken: `${sessionId}.${'A'.repeat(43)}` })
        .expect(401);
      await http().post('/api/auth/refresh').send({ refreshToken: 'garbage' }).expect(401);
      await http().post('/api/auth/refresh').send({}).expect(400);
    });

    it('logout ends this session only: its tokens are refused, other sessions go on', async () => {
      const draft = await client.register();
      const phone = await client.login(draft);
      const laptop = await client.login(draft);

      await http().post('/api/auth/logout').set(bearer(phone.accessToken)).expect(204);

      await http().get('/api/auth/me').set(bearer(phone.accessToken)).expect(401);
      await http().post('/api/auth/refresh').send({ refreshToken: phone.refreshToken }).expect(401);
      await http().post('/api/auth/logout').set(bearer(phone.accessToken)).expect(401);
      await http().get('/api/auth/me').set(bearer(laptop.accessToken)).expect(200);
    });

    it('refuses expired, tampered, unsigned and wrongly-signed access tokens', async () => {
      const session = await client.signUp();
      const claims = JSON.parse(
        Buffer.from(session.accessToken.split('.')[1], 'base64url').toString(),
      );
      const secret = testApp.config.auth.jwtSecret;
      const jwt = new JwtService();
      const expired = jwt.sign({ ...claims, iat: 1, exp: 2 }, { secret });
      const wrongKey = jwt.sign(
        { sub: claims.sub, sid: claims.sid, username: claims.username },
        { secret: 'x'.repeat(40) },
      );
      const [header, , signature] = session.accessToken.split('.');
      const otherClaims = Buffer.from(JSON.stringify({ ...claims, username: 'admin' })).toString(
        'base64url',
      );
      const tampered = `${header}.${otherClaims}.${signature}`;
      const noneHeader = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString(
        'base64url',
      );
      const unsigned = `${noneHeader}.${session.accessToken.split('.')[1]}.`;

      for (const token of [expired, wrongKey, tampered, unsigned]) {
        await http().get('/api/auth/me').set(bearer(token)).expect(401);
      }
      await http().get('/api/auth/me').set(bearer(session.accessToken)).expect(200);
    });
  });

  it('an address past its per-IP limit is refused for unknown names, not for a correct password', async () => {
    const lowIpLimit = await startTestApp({
      LOGIN_MAX_FAILURES: '100',
      LOGIN_MAX_FAILURES_PER_IP: '2',
    });
    try {
      const other = api(lowIpLimit);
      const draft = await other.register();
      for (const username of ['ghost_one', 'ghost_two']) {
        await request(lowIpLimit.url)
          .post('/api/auth/login')
          .send({ username, password: 'whatever1' })
          .expect(401);
      }
      await request(lowIpLimit.url)
        .post('/api/auth/login')
        .send({ username: 'ghost_three', password: 'whatever1' })
        .expect(429);
      await request(lowIpLimit.url)
        .post('/api/auth/login')
        .send({ username: draft.username, password: draft.password })
        .expect(200);
    } finally {
      await lowIpLimit.close();
    }
  });
});
