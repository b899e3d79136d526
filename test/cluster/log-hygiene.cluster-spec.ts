import request from 'supertest';
import { aUser } from '../builders/user.builder';
import { Cluster, Instance } from './instances';

/**
 * The built server at its most talkative (LOG_LEVEL=trace): a full session's worth of
 * requests, then its whole output is searched for every secret it handled.
 */
describe('Logs keep no secrets', () => {
  const cluster = new Cluster({ LOG_LEVEL: 'trace' });
  let server: Instance;

  beforeAll(async () => {
    await cluster.create();
    server = await cluster.start();
  });
  afterAll(() => cluster.destroy());

  it('never write a password, token, refresh token or password hash', async () => {
    const draft = aUser({ password: 'Sup3r-Secret-Passw0rd' });
    const http = () => request(server.url);
    await http().post('/api/auth/register').send(draft).expect(201);
    await http()
      .post('/api/auth/login')
      .send({ username: draft.username, password: 'wrong password!' })
      .expect(401);
    const login = await http()
      .post('/api/auth/login')
      .send({ username: draft.username, password: draft.password })
      .expect(200);
    const { accessToken, refreshToken } = login.body as {
      accessToken: string;
      refreshToken: string;
    };
    const refreshed = await http().post('/api/auth/refresh').send({ refreshToken }).expect(200);
    await http().get('/api/auth/me').set('Authorization', `Bearer ${accessToken}`).expect(200);
    await http().post('/api/auth/refresh').send({ refreshToken }).expect(401); // reuse: logged as a warning
    await http()
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${refreshed.body.accessToken}`)
      .expect(401);
    await server.stop('SIGTERM');

    const output = server.output();
    expect(output).toContain('/api/auth/login'); // it did log the requests
    for (const secret of [
      draft.password,
      'wrong password!',
      accessToken,
      refreshToken,
      refreshToken.split('.')[1],
      refreshed.body.accessToken,
      refreshed.body.refreshToken,
      '$argon2id$',
    ]) {
      expect(output).not.toContain(secret);
    }
  });
});
