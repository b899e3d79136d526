import sharp from 'sharp';
import type { ChatUser } from '../src/realtime/chat-events';
import { avatarUrlOf } from '../src/accounts/user-card';
import { UsersRepository } from '../src/accounts/users.repository';
import { UrlSigner } from '../src/common/signed-urls/url-signer';
import { aRoomName } from './builders/user.builder';
import { api, Session } from './helpers/api-client';
import {
  connectAs,
  eventually,
  quietPeriod,
  record,
  request,
  socketsOfEachTest,
} from './helpers/socket-client';
import { startTestApp, TestApp } from './helpers/test-app';

/** Issue #20: "Profiles and your account" of API.md. */
describe('Profiles and your account (e2e)', () => {
  let testApp: TestApp;
  let client: ReturnType<typeof api>;
  const sockets = socketsOfEachTest();

  beforeAll(async () => {
    testApp = await startTestApp({ LOGIN_MAX_FAILURES: '3' });
    client = api(testApp);
  });
  afterAll(() => testApp.close());

  const as = (session: Session) => ({ Authorization: `Bearer ${session.accessToken}` });
  const patchMe = (session: Session, body: object) =>
    client.http().patch('/api/auth/me').set(as(session)).send(body);
  const connect = async (session: Session) => {
    const socket = await connectAs(testApp, session);
    sockets.track(socket);
    return socket;
  };
  const uploadAvatar = (session: Session, bytes: Buffer, name = 'me.png') =>
    client
      .http()
      .put('/api/auth/me/avatar')
      .set(as(session))
      .attach('file', bytes, { filename: name, contentType: 'image/png' });
  const image = (url: string) => client.http().get(url).buffer(true);

  describe('display names', () => {
    it('default to the username, on your own account and as others see you', async () => {
      const alice = await client.signUp();
      expect(alice.user).toMatchObject({ displayName: alice.user.username, avatarUrl: null });
      const { body: me } = await client.http().get('/api/auth/me').set(as(alice)).expect(200);
      expect(me).toEqual({
        id: alice.user.id,
        username: alice.user.username,
        email: alice.user.email,
        createdAt: alice.user.createdAt,
        displayName: alice.user.username,
        avatarUrl: null,
      });
    });

    it('change with PATCH /api/auth/me: trimmed, composed (NFC), up to 64 code points', async () => {
      const alice = await client.signUp();
      const { body } = await patchMe(alice, { displayName: '  Ame\u0301lie Poulain  ' }).expect(
        200,
      );
      expect(body).toMatchObject({ displayName: 'Amélie Poulain', email: alice.user.email });
      expect(body.displayName).toBe('Am\u00e9lie Poulain');
      const emoji = '😀'.repeat(64);
      await patchMe(alice, { displayName: emoji }).expect(200);
      const { body: me } = await client.http().get('/api/auth/me').set(as(alice)).expect(200);
      expect(me.displayName).toBe(emoji);
    });

    it.each([
      ['empty', ''],
      ['only spaces', '   '],
      ['only invisible characters', '\u200b\u200d\u2800'],
      ['a newline', 'two\nlines'],
      ['a tab', 'a\tb'],
      ['a control character', 'bell\u0007'],
      ['65 code points', 'x'.repeat(65)],
      ['not a string', 42],
    ])('are refused with 400 when %s', async (_case, displayName) => {
      const alice = await client.signUp();
      const { body } = await patchMe(alice, { displayName }).expect(400);
      expect(JSON.stringify(body.message)).toContain('displayName');
      const { body: me } = await client.http().get('/api/auth/me').set(as(alice)).expect(200);
      expect(me.displayName).toBe(alice.user.username);
    });

    it('refuse unknown fields and need a token', async () => {
      const alice = await client.signUp();
      await patchMe(alice, { username: 'renamed' }).expect(400);
      await client.http().patch('/api/auth/me').send({ displayName: 'x' }).expect(401);
    });

    it('show on every user object: senders (old messages too), replies, members, rooms, direct rooms, the directory, presence', async () => {
      const alice = await client.signUp();
      const bob = await client.signUp();
      const room = await client.createRoom(alice, aRoomName('names'));
      const first = await client.post(alice, room.id, 'before the rename');
      await client.addMember(alice, room.id, bob);
      const bobSocket = await connect(bob);
      expect((await request(bobSocket, 'room:join', { roomId: room.id })).ok).toBe(true);
      const aliceSocket = await connect(alice);
      expect((await request(aliceSocket, 'room:join', { roomId: room.id })).ok).toBe(true);

      await patchMe(alice, { displayName: 'Alice Liddell' }).expect(200);
      const named = {
        id: alice.user.id,
        username: alice.user.username,
        displayName: 'Alice Liddell',
        avatarUrl: null,
      };

      const reply = await client
        .http()
        .post(`/api/rooms/${room.id}/messages`)
        .set(as(alice))
        .send({ body: 'after', replyToId: first.id })
        .expect(201);
      expect(reply.body.sender).toEqual(named);
      expect(reply.body.replyTo.sender).toEqual(named);

      // A socket opened before the rename sends under the new name too.
      const sent = await request(aliceSocket, 'message:send', {
        roomId: room.id,
        body: 'from the open socket',
      });
      expect(sent.message.sender).toEqual(named);

      const messages = await client.allMessages(bob, room.id);
      expect(messages.map((message) => message.sender)).toEqual([named, named, named]);

      const { body: members } = await client
        .http()
        .get(`/api/rooms/${room.id}/members`)
        .set(as(bob))
        .expect(200);
      expect(members.members.map((m: { user: unknown }) => m.user)).toContainEqual(named);

      const { body: seen } = await client
        .http()
        .get(`/api/rooms/${room.id}`)
        .set(as(bob))
        .expect(200);
      expect(seen.createdBy).toEqual(named);

      const { body: direct } = await client
        .http()
        .post('/api/direct')
        .set(as(bob))
        .send({ userIds: [alice.user.id] })
        .expect(201);
      expect(direct.members).toContainEqual(named);

      const { body: found } = await client
        .http()
        .get(`/api/users?q=${alice.user.username}`)
        .set(as(bob))
        .expect(200);
      expect(found[0]).toMatchObject(named);

      // Someone joining now sees Alice's present name in the room's user list.
      const carol = await client.signUp();
      const carolSocket = await connect(carol);
      const joined = await request(carolSocket, 'room:join', { roomId: room.id });
      expect(joined.users).toContainEqual({ ...named, createdAt: alice.user.createdAt });
    });
  });

  describe('user:updated', () => {
    it('reaches every socket of everyone sharing a room, the user included; not strangers; not for an email change', async () => {
      const alice = await client.signUp();
      const bob = await client.signUp();
      const stranger = await client.signUp();
      const room = await client.createRoom(alice, aRoomName('updates'), undefined, 'private');
      await client.addMember(alice, room.id, bob);

      // Bob has not joined the room on this socket: sharing the membership is enough.
      const bobEvents = record(await connect(bob), 'user:updated');
      const aliceTabs = [await connect(alice), await connect(alice)];
      const aliceEvents = aliceTabs.map((socket) => record(socket, 'user:updated'));
      const strangerEvents = record(await connect(stranger), 'user:updated');

      await patchMe(alice, { displayName: 'Queen Alice' }).expect(200);
      const expected: ChatUser = {
        id: alice.user.id,
        username: alice.user.username,
        createdAt: alice.user.createdAt,
        displayName: 'Queen Alice',
        avatarUrl: null,
      };
      await eventually(() => {
        expect(bobEvents).toEqual([expected]);
        for (const events of aliceEvents) expect(events).toEqual([expected]);
      });

      await patchMe(alice, { email: `new-${alice.user.email}` }).expect(200);
      await quietPeriod();
      expect(bobEvents).toHaveLength(1);
      expect(strangerEvents).toEqual([]);
      expect(JSON.stringify(bobEvents)).not.toContain('@');
    });
  });

  describe('email', () => {
    it('changes, lower-cased, and is then a login; one taken by someone else is 409', async () => {
      const alice = await client.signUp();
      const bob = await client.signUp();
      const email = `Changed.${alice.user.username}@Example.com`;
      const { body } = await patchMe(alice, { email }).expect(200);
      expect(body.email).toBe(email.toLowerCase());
      await client.login({ ...alice.draft, username: email.toLowerCase() });

      await patchMe(alice, { email: bob.user.email.toUpperCase() }).expect(409);
      await patchMe(alice, { email: 'not an email' }).expect(400);
      // The own email again is no conflict.
      await patchMe(alice, { email: email.toLowerCase() }).expect(200);
    });
  });

  describe('avatars', () => {
    it('are stored square, at most 256 × 256, without metadata, and served at avatarUrl', async () => {
      const alice = await client.signUp();
      const bob = await client.signUp();
      const room = await client.createRoom(alice, aRoomName('faces'));
      await client.post(alice, room.id, 'hello');
      await client.addMember(alice, room.id, bob);
      const bobEvents = record(await connect(bob), 'user:updated');

      const jpeg = await sharp({
        create: { width: 900, height: 600, channels: 3, background: '#cc6633' },
      })
        .jpeg()
        .withMetadata({ exif: { IFD0: { Copyright: 'secret author' } } })
        .toBuffer();
      const { body: me } = await uploadAvatar(alice, jpeg, 'me.jpg').expect(200);
      expect(me.avatarUrl).toEqual(
        expect.stringMatching(
          /^\/api\/users\/[0-9a-f-]+\/avatar\?v=[\w-]+&expires=\d+&sig=[\w-]+$/,
        ),
      );
      expect(me.email).toBe(alice.user.email);

      const served = await image(me.avatarUrl).expect(200);
      expect(served.headers['content-type']).toBe('image/webp');
      expect(served.headers['x-content-type-options']).toBe('nosniff');
      expect(served.headers['content-security-policy']).toBe('sandbox');
      // Cached no longer than the signature lives.
      const expires = Number(new URL(me.avatarUrl, testApp.url).searchParams.get('expires'));
      const maxAge = Number(/max-age=(\d+)/.exec(served.headers['cache-control'])?.[1]);
      expect(maxAge).toBeGreaterThan(3500);
      expect(Date.now() / 1000 + maxAge).toBeLessThanOrEqual(expires + 1);
      const metadata = await sharp(served.body as Buffer).metadata();
      expect(metadata).toMatchObject({ width: 256, height: 256 });
      expect(metadata.exif).toBeUndefined();

      await eventually(() => expect(bobEvents.at(-1)?.avatarUrl).toBe(me.avatarUrl));
      const [message] = await client.allMessages(bob, room.id);
      expect(message.sender.avatarUrl).toBe(me.avatarUrl);

      // The signature is the authorization: without it, or with a forged one, it is refused.
      await client.http().get(me.avatarUrl.replace(/\?.*$/, '')).expect(403);
      const forged = me.avatarUrl.replace(/sig=(.)/, (_: string, first: string) =>
        first === 'x' ? 'sig=y' : 'sig=x',
      );
      await client.http().get(forged).expect(403);
      // A later expiry under the same signature is a forgery too.
      const extended = me.avatarUrl.replace(
        /expires=(\d+)/,
        (_: string, at: string) => `expires=${Number(at) + 600}`,
      );
      await client.http().get(extended).expect(403);
      // Another user's signature does not open this avatar.
      const { body: bobMe } = await uploadAvatar(bob, jpeg, 'bob.jpg').expect(200);
      const bobQuery = bobMe.avatarUrl.replace(/^[^?]*/, '');
      await client.http().get(me.avatarUrl.replace(/\?.*$/, bobQuery)).expect(403);
    });

    it('are served at URLs that expire: signed an hour ago and more, refused; fresh on every user object', async () => {
      const alice = await client.signUp();
      const png = await sharp({
        create: { width: 64, height: 64, channels: 3, background: '#123456' },
      })
        .png()
        .toBuffer();
      await uploadAvatar(alice, png).expect(200);
      const stored = await testApp.app.get(UsersRepository).findById(alice.user.id);
      const signer = testApp.app.get(UrlSigner);
      const hour = 3600 * 1000;
      // The signing function, driven at earlier times: a URL made 80 minutes ago has expired,
      // one made 50 minutes ago has not.
      const signedAgo = (ms: number) => avatarUrlOf(stored!, signer, Date.now() - ms)!;
      await image(signedAgo(hour + 20 * 60 * 1000)).expect(403);
      await image(signedAgo(50 * 60 * 1000)).expect(200);

      // Every user object is signed when it is sent: what the server sends now is valid for
      // at least another hour, and rounded to a 10-minute step so browsers can cache it.
      const { body: me } = await client.http().get('/api/auth/me').set(as(alice)).expect(200);
      const expires = Number(new URL(me.avatarUrl, testApp.url).searchParams.get('expires'));
      expect(expires % 600).toBe(0);
      expect(expires * 1000).toBeGreaterThanOrEqual(Date.now() + hour - 1000);
      expect(expires * 1000).toBeLessThanOrEqual(Date.now() + hour + 600 * 1000);

      // The user a socket keeps (presence, typing) goes out signed again, and valid.
      const room = await client.createRoom(alice, aRoomName('faces'));
      const joined = await request(await connect(alice), 'room:join', { roomId: room.id });
      const present = (joined.users as ChatUser[]).find((user) => user.id === alice.user.id)!;
      expect(present.avatarUrl).toEqual(expect.stringMatching(/^\/api\/users\/.*&sig=/));
      await image(present.avatarUrl!).expect(200);
    });

    it('keep small images small (never enlarged)', async () => {
      const alice = await client.signUp();
      const png = await sharp({
        create: { width: 40, height: 90, channels: 4, background: '#3366cc' },
      })
        .png()
        .toBuffer();
      const { body: me } = await uploadAvatar(alice, png).expect(200);
      const served = await image(me.avatarUrl).expect(200);
      expect(await sharp(served.body as Buffer).metadata()).toMatchObject({
        width: 40,
        height: 40,
      });
    });

    it('take only images, by their bytes: not text or SVG named .png; a file is required', async () => {
      const alice = await client.signUp();
      await uploadAvatar(alice, Buffer.from('<html><script>alert(1)</script></html>')).expect(400);
      const svg = Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>',
      );
      await uploadAvatar(alice, svg, 'x.svg').expect(400);
      await client.http().put('/api/auth/me/avatar').set(as(alice)).expect(400);
      await client.http().put('/api/auth/me/avatar').expect(401);
    });

    it('are replaced and removed; an old URL stops working; removal is announced', async () => {
      const alice = await client.signUp();
      const aliceEvents = record(await connect(alice), 'user:updated');
      const png = (background: string) =>
        sharp({ create: { width: 300, height: 300, channels: 3, background } })
          .png()
          .toBuffer();
      const { body: first } = await uploadAvatar(alice, await png('#ff0000')).expect(200);
      const { body: second } = await uploadAvatar(alice, await png('#00ff00')).expect(200);
      expect(second.avatarUrl).not.toBe(first.avatarUrl);
      // The old URL is refused, never answered with the new image: its signature covers the
      // avatar it was made for.
      await image(first.avatarUrl).expect(403);
      await image(second.avatarUrl).expect(200);

      const { body: removed } = await client
        .http()
        .delete('/api/auth/me/avatar')
        .set(as(alice))
        .expect(200);
      expect(removed).toMatchObject({ id: alice.user.id, avatarUrl: null });
      await image(second.avatarUrl).expect(404);
      await eventually(() => expect(aliceEvents.map((user) => user.avatarUrl)).toHaveLength(3));
      expect(aliceEvents.at(-1)?.avatarUrl).toBeNull();
    });
  });

  describe('password', () => {
    it('changes with the current one; every other session ends with its sockets, this one goes on', async () => {
      const alice = await client.signUp();
      const other = await client.login(alice.draft);
      const otherSocket = await connect(other);
      const disconnected = new Promise<string>((resolve) => otherSocket.on('disconnect', resolve));
      const thisSocket = await connect(alice);

      await client
        .http()
        .post('/api/auth/password')
        .set(as(alice))
        .send({ currentPassword: alice.draft.password, newPassword: 'a brand new secret' })
        .expect(204);

      await disconnected;
      expect(thisSocket.connected).toBe(true);
      await client.http().get('/api/auth/me').set(as(other)).expect(401);
      await client
        .http()
        .post('/api/auth/refresh')
        .send({ refreshToken: other.refreshToken })
        .expect(401);
      await client.http().get('/api/auth/me').set(as(alice)).expect(200);

      await client
        .http()
        .post('/api/auth/login')
        .send({ username: alice.user.username, password: alice.draft.password })
        .expect(401);
      await client.login({ ...alice.draft, password: 'a brand new secret' });
    });

    it('refuses a wrong current password with 401, counted as a failed login', async () => {
      const alice = await client.signUp();
      const change = (currentPassword: string) =>
        client
          .http()
          .post('/api/auth/password')
          .set(as(alice))
          .send({ currentPassword, newPassword: 'another good secret' });
      // LOGIN_MAX_FAILURES is 3 in this suite.
      for (let attempt = 0; attempt < 3; attempt += 1) await change('wrong guess').expect(401);
      const refused = await client
        .http()
        .post('/api/auth/login')
        .send({ username: alice.user.username, password: alice.draft.password })
        .expect(429);
      expect(refused.headers['retry-after']).toBeDefined();
      await change(alice.draft.password).expect(429);
    });

    it('validates the new password like registration', async () => {
      const alice = await client.signUp();
      await client
        .http()
        .post('/api/auth/password')
        .set(as(alice))
        .send({ currentPassword: alice.draft.password, newPassword: 'short' })
        .expect(400);
      await client
        .http()
        .post('/api/auth/password')
        .set(as(alice))
        .send({ newPassword: 'long enough secret' })
        .expect(400);
    });
  });

  describe('sessions', () => {
    const loginFrom = async (session: Session, userAgent: string) => {
      const { body } = await client
        .http()
        .post('/api/auth/login')
        .set('User-Agent', userAgent)
        .send({ username: session.draft.username, password: session.draft.password })
        .expect(200);
      return { ...body, draft: session.draft } as Session;
    };
    const list = async (session: Session) =>
      (await client.http().get('/api/auth/sessions').set(as(session)).expect(200)).body as {
        sessions: {
          id: string;
          createdAt: string;
          lastUsedAt: string;
          userAgent: string | null;
          current: boolean;
        }[];
      };

    it('list live sessions with user agent and last use, newest use first, marking the current one', async () => {
      const registered = await client.signUp();
      const phone = await loginFrom(registered, 'Phone/1.0');
      const laptop = await loginFrom(registered, 'Laptop/2.0');
      const { sessions } = await list(laptop);
      expect(sessions.map((s) => s.userAgent).slice(0, 2)).toEqual(['Laptop/2.0', 'Phone/1.0']);
      expect(sessions).toHaveLength(3);
      expect(sessions.filter((s) => s.current).map((s) => s.userAgent)).toEqual(['Laptop/2.0']);
      for (const s of sessions) {
        expect(Object.keys(s).sort()).toEqual(
          ['createdAt', 'current', 'id', 'lastUsedAt', 'userAgent'].sort(),
        );
        expect(Date.parse(s.lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(s.createdAt));
      }

      // A refresh is a use: the phone comes first, with the refreshing client's user agent.
      await new Promise((resolve) => setTimeout(resolve, 20));
      await client
        .http()
        .post('/api/auth/refresh')
        .set('User-Agent', 'Phone/1.1')
        .send({ refreshToken: phone.refreshToken })
        .expect(200);
      const after = await list(laptop);
      expect(after.sessions[0].userAgent).toBe('Phone/1.1');

      // An ended session is no longer listed.
      await client.http().post('/api/auth/logout').set(as(registered)).expect(204);
      expect((await list(laptop)).sessions).toHaveLength(2);
    });

    it('end one by id, with its sockets; another user’s or an unknown id is 404', async () => {
      const alice = await client.signUp();
      const phone = await loginFrom(alice, 'Phone/1.0');
      const phoneSocket = await connect(phone);
      const disconnected = new Promise<string>((resolve) => phoneSocket.on('disconnect', resolve));
      const bob = await client.signUp();
      const phoneId = (await list(alice)).sessions.find((s) => s.userAgent === 'Phone/1.0')!.id;

      await client.http().delete(`/api/auth/sessions/${phoneId}`).set(as(bob)).expect(404);
      await client
        .http()
        .delete('/api/auth/sessions/00000000-0000-4000-8000-000000000000')
        .set(as(alice))
        .expect(404);
      await client.http().delete('/api/auth/sessions/not-a-uuid').set(as(alice)).expect(400);

      await client.http().delete(`/api/auth/sessions/${phoneId}`).set(as(alice)).expect(204);
      await disconnected;
      await client.http().get('/api/auth/me').set(as(phone)).expect(401);
      await client.http().get('/api/auth/me').set(as(alice)).expect(200);
      // Already ended: no longer there.
      await client.http().delete(`/api/auth/sessions/${phoneId}`).set(as(alice)).expect(404);
    });

    it('end all but the current one', async () => {
      const alice = await client.signUp();
      const others = [await loginFrom(alice, 'A/1'), await loginFrom(alice, 'B/1')];
      const otherSockets = await Promise.all(others.map((session) => connect(session)));
      const gone = otherSockets.map(
        (socket) => new Promise<string>((resolve) => socket.on('disconnect', resolve)),
      );
      await client.http().delete('/api/auth/sessions').set(as(alice)).expect(204);
      await Promise.all(gone);
      for (const other of others) {
        await client.http().get('/api/auth/me').set(as(other)).expect(401);
      }
      const { sessions } = await list(alice);
      expect(sessions).toHaveLength(1);
      expect(sessions[0].current).toBe(true);
    });

    it('need a token', async () => {
      await client.http().get('/api/auth/sessions').expect(401);
      await client.http().delete('/api/auth/sessions').expect(401);
    });
  });
});
