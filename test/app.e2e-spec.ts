import { DataSource } from 'typeorm';
import request from 'supertest';
import { api } from './helpers/api-client';
import { startTestApp, TestApp } from './helpers/test-app';

describe('Application (e2e)', () => {
  let testApp: TestApp;
  const http = () => request(testApp.url);

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  it('GET /api/health answers ok with the database up', async () => {
    await http().get('/api/health').expect(200, { status: 'ok', db: 'up' });
  });

  it('answers unknown /api routes with a JSON 404, never the web app', async () => {
    const response = await http().get('/api/no/such/route').expect(404);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    await http().post('/api/rooms/x/y/z').expect(404);
  });

  it('serves the web app at / and on deep links, with a CSP and without X-Powered-By', async () => {
    const root = await http().get('/').expect(200);
    expect(root.headers['content-type']).toMatch(/text\/html/);
    expect(root.headers['content-security-policy']).toContain("script-src 'self';");
    expect(root.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(root.headers['x-content-type-options']).toBe('nosniff');
    expect(root.headers['x-powered-by']).toBeUndefined();
    const deepLink = await http().get('/rooms/0b7c1c9e-1f1a-4c2b-9a8e-2f7f6a1d3c4e').expect(200);
    expect(deepLink.text).toBe(root.text);
  });

  it('sends no CORS headers, so other origins cannot read replies', async () => {
    const response = await http().get('/api/health').set('Origin', 'https://evil.example');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await http()
      .options('/api/rooms')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('security headers are on API replies too', async () => {
    const response = await http().get('/api/health');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('serves the OpenAPI UI and a document with every contract route and its shapes', async () => {
    await http().get('/api/docs').expect(200).expect('Content-Type', /html/);
    const { body: doc } = await http().get('/api/docs-json').expect(200);

    const operations = Object.entries(doc.paths as Record<string, object>).flatMap(
      ([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'POST /api/auth/register',
        'POST /api/auth/login',
        'POST /api/auth/refresh',
        'POST /api/auth/logout',
        'GET /api/auth/me',
        'PATCH /api/auth/me',
        'PUT /api/auth/me/avatar',
        'DELETE /api/auth/me/avatar',
        'GET /api/users/{id}/avatar',
        'POST /api/auth/password',
        'GET /api/auth/sessions',
        'DELETE /api/auth/sessions',
        'DELETE /api/auth/sessions/{id}',
        'GET /api/rooms',
        'POST /api/rooms',
        'GET /api/rooms/{id}',
        'PATCH /api/rooms/{id}',
        'GET /api/rooms/{id}/members',
        'POST /api/rooms/{id}/members',
        'PATCH /api/rooms/{id}/members/{userId}',
        'DELETE /api/rooms/{id}/members/{userId}',
        'PUT /api/rooms/{id}/bans/{userId}',
        'DELETE /api/rooms/{id}/bans/{userId}',
        'POST /api/direct',
        'GET /api/users',
        'GET /api/rooms/{id}/messages',
        'POST /api/rooms/{id}/messages',
        'GET /api/rooms/{id}/changes',
        'POST /api/rooms/{id}/read',
        'PATCH /api/messages/{id}',
        'DELETE /api/messages/{id}',
        'PUT /api/messages/{id}/reactions/{emoji}',
        'DELETE /api/messages/{id}/reactions/{emoji}',
        'GET /api/messages/{id}/revisions',
        'GET /api/search',
        'GET /api/health',
        'POST /api/rooms/{id}/files',
        'GET /api/files/{id}',
        'GET /api/files/{id}/content',
        'GET /api/files/{id}/thumbnail',
      ].sort(),
    );

    const schemas = doc.components.schemas;
    const fields = (name: string) => Object.keys(schemas[name].properties).sort();
    expect(fields('RegisterDto')).toEqual(['email', 'password', 'username']);
    expect(fields('TokenPairResponseDto')).toEqual([
      'accessToken',
      'expiresIn',
      'refreshToken',
      'user',
    ]);
    expect(fields('OwnUserResponseDto')).toEqual(
      ['avatarUrl', 'createdAt', 'displayName', 'email', 'id', 'username'].sort(),
    );
    expect(fields('UserRefDto')).toEqual(['avatarUrl', 'displayName', 'id', 'username']);
    expect(fields('UpdateProfileDto')).toEqual(['displayName', 'email']);
    expect(fields('ChangePasswordDto')).toEqual(['currentPassword', 'newPassword']);
    expect(fields('SessionResponseDto')).toEqual(
      ['createdAt', 'current', 'id', 'lastUsedAt', 'userAgent'].sort(),
    );
    expect(fields('FileResponseDto')).toEqual(
      ['contentType', 'height', 'id', 'name', 'size', 'thumbnailUrl', 'url', 'width'].sort(),
    );
    expect(fields('RoomResponseDto')).toEqual([
      'createdAt',
      'createdBy',
      'description',
      'id',
      'kind',
      'lastChange',
      'lastSeq',
      'memberCount',
      'members',
      'membership',
      'name',
    ]);
    expect(fields('MembershipDto')).toEqual([
      'lastReadSeq',
      'mentions',
      'notify',
      'role',
      'unread',
    ]);
    expect(fields('MemberDto')).toEqual(['joinedAt', 'role', 'user']);
    expect(fields('MarkReadDto')).toEqual(['seq']);
    expect(fields('ReadStateDto')).toEqual(['lastReadSeq', 'mentions', 'unread']);
    expect(fields('MemberPageDto')).toEqual(['hasMore', 'members']);
    expect(fields('CreateRoomDto')).toEqual(['description', 'kind', 'name']);
    expect(fields('UpdateMemberDto')).toEqual(['notify', 'role']);
    expect(fields('OpenDirectDto')).toEqual(['userIds']);
    expect(fields('SearchResponseDto')).toEqual(['nextCursor', 'results']);
    expect(fields('SearchResultDto')).toEqual(['highlights', 'message', 'room', 'snippet']);
    expect(fields('SearchRoomDto')).toEqual(['id', 'kind', 'name']);
    const removeMember = doc.paths['/api/rooms/{id}/members/{userId}'].delete;
    expect(Object.keys(removeMember.responses).sort()).toEqual([
      '204',
      '400',
      '401',
      '403',
      '404',
      '409',
    ]);
    const openDirect = doc.paths['/api/direct'].post;
    expect(Object.keys(openDirect.responses).sort()).toEqual([
      '200',
      '201',
      '400',
      '401',
      '404',
      '429',
    ]);
    const usersQuery = doc.paths['/api/users'].get.parameters.map((p: { name: string }) => p.name);
    expect(usersQuery).toEqual(expect.arrayContaining(['q', 'limit']));
    expect(fields('MessageResponseDto')).toEqual([
      'body',
      'clientMsgId',
      'createdAt',
      'deletedAt',
      'editedAt',
      'files',
      'id',
      'mentions',
      'reactions',
      'replyTo',
      'roomId',
      'sender',
      'seq',
      'version',
    ]);
    expect(fields('ReactionDto')).toEqual(['count', 'emoji', 'userIds']);
    expect(fields('ReplyToDto')).toEqual(['body', 'deletedAt', 'id', 'sender', 'seq']);
    expect(fields('MessagePageDto')).toEqual(['hasMore', 'messages']);
    expect(fields('MessageAroundPageDto')).toEqual([
      'hasMore',
      'hasMoreAfter',
      'hasMoreBefore',
      'messages',
    ]);

    const postMessage = doc.paths['/api/rooms/{id}/messages'].post;
    expect(Object.keys(postMessage.responses).sort()).toEqual([
      '200',
      '201',
      '400',
      '401',
      // Banned from the room (v2).
      '403',
      '404',
      '429',
    ]);
    // Routes behind the token guard say so, and what their 401 carries.
    expect(postMessage.security).toEqual([{ bearer: [] }]);
    expect(postMessage.responses['401'].headers).toHaveProperty('WWW-Authenticate');
    const login = doc.paths['/api/auth/login'].post;
    expect(Object.keys(login.responses).sort()).toEqual(['200', '400', '401', '429']);
    const listQuery = doc.paths['/api/rooms/{id}/messages'].get.parameters.map(
      (p: { name: string }) => p.name,
    );
    expect(listQuery).toEqual(expect.arrayContaining(['id', 'before', 'after', 'around', 'limit']));
  });

  it('no reply ever carries a password hash or another user’s email', async () => {
    const client = api(testApp);
    const alice = await client.signUp();
    const bob = await client.signUp();
    const room = await client.createRoom(alice, 'leak check');
    const asBob = { Authorization: `Bearer ${bob.accessToken}` };
    await http()
      .post(`/api/rooms/${room.id}/messages`)
      .set({ Authorization: `Bearer ${alice.accessToken}` })
      .send({ body: 'hi' });

    const replies = await Promise.all([
      http().get('/api/rooms').set(asBob),
      http().get(`/api/rooms/${room.id}`).set(asBob),
      http().get(`/api/rooms/${room.id}/messages`).set(asBob),
      http().get(`/api/rooms/${room.id}/members`).set(asBob),
      http().get(`/api/users?q=${alice.user.username}`).set(asBob),
      http()
        .post('/api/direct')
        .set(asBob)
        .send({ userIds: [alice.user.id] }),
    ]);
    for (const reply of replies) {
      const text = JSON.stringify(reply.body);
      expect(text).toContain(alice.user.username);
      expect(text).not.toContain(alice.user.email);
      expect(text).not.toMatch(/argon2|passwordHash|password_hash/);
    }
  });

  it('health answers 503 naming the database when it is down', async () => {
    const doomed = await startTestApp();
    try {
      await doomed.app.get(DataSource).destroy();
      const response = await request(doomed.url).get('/api/health').expect(503);
      expect(response.body).toMatchObject({ status: 'error', db: 'down' });
    } finally {
      await doomed.close().catch(() => undefined);
    }
  });
});
