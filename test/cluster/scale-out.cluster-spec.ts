import { Client } from 'pg';
import request from 'supertest';
import { aRoomName } from '../builders/user.builder';
import { api, Session, userOf } from '../helpers/api-client';
import { POSTGRES_URL } from '../helpers/test-app';
import {
  ChatClient,
  connectAs,
  eventually,
  quietPeriod,
  record,
  request as ask,
  socketsOfEachTest,
  sendAllAtOnceAndCheckDelivery,
} from '../helpers/socket-client';
import { Replica } from '../helpers/replica';
import { Cluster, Instance } from './instances';
import { ResilientSender } from './resilient-sender';

describe('Scale-out: instances sharing PostgreSQL and Redis', () => {
  const cluster = new Cluster();
  let a: Instance;
  let b: Instance;
  const sockets = socketsOfEachTest();

  beforeAll(async () => ([a, b] = await cluster.createAndStart(2)));
  afterAll(() => cluster.destroy());

  const on = (instance: Instance, session: Session, roomId?: string) =>
    sockets.open(instance, session, roomId);

  it('reports Redis in the health check', async () => {
    for (const instance of [a, b]) {
      await request(instance.url)
        .get('/api/health')
        .expect(200, { status: 'ok', db: 'up', redis: 'up' });
    }
  });

  it('delivers a message sent on one instance to sockets on the other, and REST posts too', async () => {
    const [alice, bob] = await Promise.all([api(a).signUp(), api(b).signUp()]);
    const room = await api(a).createRoom(alice, aRoomName());
    const onA = await on(a, alice, room.id);
    const onB = await on(b, bob, room.id);
    const [inboxA, inboxB] = [record(onA, 'message:new'), record(onB, 'message:new')];

    const sent = await ask(onA, 'message:send', { roomId: room.id, body: 'across' });
    const posted = await request(b.url)
      .post(`/api/rooms/${room.id}/messages`)
      .set('Authorization', `Bearer ${alice.accessToken}`)
      .send({ body: 'via REST on B' })
      .expect(201);

    for (const inbox of [inboxA, inboxB]) {
      await eventually(() => expect(inbox).toEqual([sent.message, posted.body]));
    }
  });

  it('shows presence, typing and new rooms across instances', async () => {
    const [alice, bob] = await Promise.all([api(a).signUp(), api(b).signUp()]);
    const room = await api(a).createRoom(alice, aRoomName());
    const onA = await on(a, alice);
    const [presence, typing, created] = [
      record(onA, 'presence'),
      record(onA, 'typing'),
      record(onA, 'room:created'),
    ];
    expect(await ask(onA, 'room:join', { roomId: room.id })).toMatchObject({ ok: true });
    // The joiner hears of its own arrival too (the contract allows it; before or after the ack).
    await eventually(() =>
      expect(presence).toEqual([{ roomId: room.id, joined: [userOf(alice)], left: [] }]),
    );

    const onB = await connectAs(b, bob);
    sockets.track(onB);
    const joined = await ask(onB, 'room:join', { roomId: room.id });
    expect(joined.users.map((u: { id: string }) => u.id).sort()).toEqual(
      [alice.user.id, bob.user.id].sort(),
    );
    await eventually(() =>
      expect(presence.at(-1)).toEqual({ roomId: room.id, joined: [userOf(bob)], left: [] }),
    );
    expect(presence).toHaveLength(2);

    await ask(onB, 'typing', { roomId: room.id, isTyping: true });
    await eventually(() =>
      expect(typing).toEqual([{ roomId: room.id, user: userOf(bob), isTyping: true }]),
    );

    const other = await api(b).createRoom(bob, aRoomName());
    await eventually(() => expect(created).toEqual([expect.objectContaining({ id: other.id })]));

    onB.disconnect();
    await eventually(() =>
      expect(presence.at(-1)).toEqual({ roomId: room.id, joined: [], left: [userOf(bob)] }),
    );
  });

  it('10 sockets on both instances sending 20 messages each at once: all 200 reach every socket once, in seq order', async () => {
    const users = await Promise.all([1, 2, 3, 4, 5].map(() => api(a).signUp()));
    const room = await api(a).createRoom(users[0], aRoomName());
    const clients = await Promise.all(
      Array.from({ length: 10 }, (_, i) => on(i % 2 ? b : a, users[i % 5], room.id)),
    );
    const inboxes = clients.map((socket) => record(socket, 'message:new'));

    await sendAllAtOnceAndCheckDelivery(clients, inboxes, room.id, 20, 'x', 10_000);
  });

  it('edits, deletions and reactions made on B reach sockets on A as message:updated in version order, and catch-up on A converges', async () => {
    const users = await Promise.all([1, 2].map(() => api(b).signUp()));
    const room = await api(a).createRoom(users[0], aRoomName());
    const watchers = [await on(a, users[0], room.id), await on(a, users[1], room.id)];
    const inboxes = watchers.map((socket) => record(socket, 'message:updated'));
    const offline = new Replica(a, room.id, users[1].accessToken);
    const offlineSocket = await on(a, users[1]);
    await offline.join(offlineSocket);
    // Writers on both instances, most on B.
    const writers = await Promise.all(
      [b, b, b, a].map((instance, i) => on(instance, users[i % 2], room.id)),
    );
    const own = await Promise.all(
      writers.map(async (w, i) => {
        const reply = await ask(w, 'message:send', { roomId: room.id, body: `own ${i}` });
        return reply.message as { id: string };
      }),
    );
    await eventually(() => expect(offline.messages.size).toBe(4));
    offlineSocket.disconnect();

    const emojis = ['👍', '🎉', '👀', '🔥', '🚀', '✅', '🙏', '🤔'];
    const replies = await Promise.all(
      writers.flatMap((writer, w) => [
        ...Array.from({ length: 8 }, (_, i) =>
          ask(writer, 'message:edit', { messageId: own[w].id, body: `edit ${w}.${i}` }),
        ),
        ...emojis.map((emoji) =>
          ask(writer, 'reaction:set', { messageId: own[(w + 1) % 4].id, emoji, on: true }),
        ),
      ]),
    );
    expect(replies.every((reply) => reply.ok)).toBe(true);
    const n = replies.length;
    const all = Array.from({ length: n }, (_, i) => i + 1);
    expect(replies.map((reply) => reply.message.version).sort((x, y) => x - y)).toEqual(all);
    // A deletion over REST on B, too.
    await request(b.url)
      .delete(`/api/messages/${own[1].id}`)
      .set('Authorization', `Bearer ${users[1].accessToken}`)
      .expect(204);

    for (const inbox of inboxes) {
      await eventually(() => expect(inbox).toHaveLength(n + 1), 10_000);
      expect(inbox.map((m) => m.version)).toEqual([...all, n + 1]);
    }
    await quietPeriod(500);
    for (const inbox of inboxes) expect(inbox).toHaveLength(n + 1);

    await offline.join(await on(a, users[1]));
    expect(offline.timeline()).toEqual(await api(a).allMessages(users[1], room.id));
  });

  it('a retry arriving on the other instance returns the stored message and broadcasts nothing', async () => {
    const alice = await api(a).signUp();
    const room = await api(a).createRoom(alice, aRoomName());
    const onA = await on(a, alice, room.id);
    const onB = await on(b, alice, room.id);
    const inbox = record(onA, 'message:new');

    const first = await ask(onA, 'message:send', {
      roomId: room.id,
      body: 'once',
      clientMsgId: 'retry-1',
    });
    const retry = await ask(onB, 'message:send', {
      roomId: room.id,
      body: 'once',
      clientMsgId: 'retry-1',
    });

    expect(retry).toEqual(first);
    await quietPeriod(500);
    expect(inbox).toEqual([first.message]);
  });

  it('the same clientMsgIds sent to both instances at once, amid other traffic: each stored once, both told the same', async () => {
    const users = await Promise.all([1, 2, 3, 4].map(() => api(a).signUp()));
    const room = await api(a).createRoom(users[0], aRoomName());
    // Each user has a socket on each instance; every message goes to both at the same time,
    // so groups on the two instances race to commit the same keys.
    const pairs = await Promise.all(
      users.map(async (user) => [await on(a, user, room.id), await on(b, user, room.id)]),
    );
    const sends = pairs.flatMap(([onA, onB], u) =>
      Array.from({ length: 40 }, (_, i) => {
        const payload = { roomId: room.id, body: `u${u} m${i}`, clientMsgId: `twice-${u}-${i}` };
        return Promise.all([ask(onA, 'message:send', payload), ask(onB, 'message:send', payload)]);
      }),
    );
    const replies = await Promise.all(sends);

    for (const [fromA, fromB] of replies) {
      expect(fromA).toMatchObject({ ok: true });
      expect(fromB.message).toEqual(fromA.message);
    }
    const stored = await api(a).allMessages(users[0], room.id);
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 160 }, (_, i) => i + 1));
  });

  it('a group that loses a clientMsgId race to the other instance still stores the rest of its messages', async () => {
    const alice = await api(a).signUp();
    const room = await api(a).createRoom(alice, aRoomName());
    const [onA, onB] = [await on(a, alice, room.id), await on(b, alice, room.id)];
    // Hold the room's row lock, so that both instances' groups check their keys (none stored
    // yet) and then wait on it; released, one group commits 'same' first.
    const locker = new Client({ connectionString: POSTGRES_URL });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`SELECT 1 FROM ${cluster.schema}.rooms WHERE id = $1 FOR UPDATE`, [
        room.id,
      ]);
      // Sent in one go: on each instance 'same' shares a group with others around it.
      const send = (socket: ChatClient, clientMsgId: string) =>
        ask(socket, 'message:send', { roomId: room.id, body: clientMsgId, clientMsgId });
      const burst = (socket: ChatClient, side: string) =>
        Promise.all(
          ['1', '2', 'same', '3', '4'].map((n) => send(socket, n === 'same' ? n : `${side}-${n}`)),
        );
      const replies = Promise.all([burst(onA, 'a'), burst(onB, 'b')]);
      await quietPeriod(300);
      await locker.query('COMMIT');
      const [fromA, fromB] = await replies;

      for (const reply of [...fromA, ...fromB]) expect(reply).toMatchObject({ ok: true });
      expect(fromB[2].message).toEqual(fromA[2].message);
      const stored = await api(a).allMessages(alice, room.id);
      expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 9 }, (_, i) => i + 1));
      expect(stored.map((m) => m.clientMsgId).sort()).toEqual(
        ['a-1', 'a-2', 'a-3', 'a-4', 'b-1', 'b-2', 'b-3', 'b-4', 'same'].sort(),
      );
    } finally {
      await locker.end();
    }
  });

  it('logout on one instance disconnects that session’s socket on the other, and only that', async () => {
    const draft = await api(a).register();
    const [phone, laptop] = [await api(a).login(draft), await api(a).login(draft)];
    const phoneOnB = await on(b, phone);
    const laptopOnB = await on(b, laptop);
    const disconnected = new Promise<string>((resolve) => phoneOnB.once('disconnect', resolve));

    await request(a.url)
      .post('/api/auth/logout')
      .set('Authorization', `Bearer ${phone.accessToken}`)
      .expect(204);

    expect(await disconnected).toBe('io server disconnect');
    await quietPeriod(300);
    expect(laptopOnB.connected).toBe(true);
  });

  it('an instance killed mid-traffic: its clients move to the other, catch up, and nothing acked is lost or doubled', async () => {
    const victim = await cluster.start();
    const users = await Promise.all([1, 2, 3, 4].map(() => api(a).signUp()));
    const room = await api(a).createRoom(users[0], aRoomName());

    // Four senders, two on the survivor and two on the instance about to die.
    const senders = await Promise.all(
      users.map((user, i) => ResilientSender.start(i < 2 ? a : victim, a, user, room.id)),
    );
    const running = senders.map((sender, i) => sender.send(30, `s${i}`));
    await new Promise((resolve) => setTimeout(resolve, 150));
    await victim.stop('SIGKILL');
    await Promise.all(running);

    const stored = await api(a).allMessages(users[0], room.id);
    expect(stored.map((m) => m.seq)).toEqual(
      Array.from({ length: stored.length }, (_, i) => i + 1),
    );
    const keys = stored.map((m) => m.clientMsgId);
    expect(new Set(keys).size).toBe(keys.length);
    for (const sender of senders) {
      for (const acked of sender.acked.keys()) expect(keys).toContain(acked);
      // Every message each sender wrote is stored exactly once (unacked ones were resent).
      expect(keys.filter((key) => key?.startsWith(`${sender.prefix}-`))).toHaveLength(30);
    }
    expect(stored).toHaveLength(120);

    // The survivor's own clients got every message live, in order, with no hole: including
    // any the dead instance committed but never got to announce (read back from the database).
    for (const sender of senders.slice(0, 2)) {
      await eventually(() => expect(sender.live).toEqual(stored.map((m) => m.seq)), 3000);
    }

    // Every client ends with the whole history: live events plus its catch-ups.
    for (const sender of senders) {
      await sender.catchUp();
      expect(sender.seqs()).toEqual(stored.map((m) => m.seq));
      sender.close();
    }
  });

  it('users on an instance that died are reported as having left', async () => {
    const victim = await cluster.start();
    const [alice, carol] = await Promise.all([api(a).signUp(), api(a).signUp()]);
    const room = await api(a).createRoom(alice, aRoomName());
    const watcher = await on(a, alice);
    const presence = record(watcher, 'presence');
    expect(await ask(watcher, 'room:join', { roomId: room.id })).toMatchObject({ ok: true });
    const doomed = await on(victim, carol, room.id);
    // (The watcher also hears of its own arrival, before or after its ack.)
    await eventually(() =>
      expect(presence).toEqual([
        { roomId: room.id, joined: [userOf(alice)], left: [] },
        { roomId: room.id, joined: [userOf(carol)], left: [] },
      ]),
    );

    doomed.io.opts.reconnection = false;
    await victim.stop('SIGKILL');

    await eventually(
      () => expect(presence.at(-1)).toEqual({ roomId: room.id, joined: [], left: [userOf(carol)] }),
      15_000,
    );
    const rejoined = await ask(watcher, 'room:join', { roomId: room.id });
    expect(rejoined.users.map((u: { id: string }) => u.id)).toEqual([alice.user.id]);
  });

  it('SIGTERM drains: clients are sent to reconnect elsewhere and the process exits cleanly', async () => {
    const leaving = await cluster.start({ LOG_LEVEL: 'info' });
    const dave = await api(a).signUp();
    const socket = await on(leaving, dave);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    const exit = await leaving.stop('SIGTERM');

    expect(await disconnected).toBe('transport close');
    expect(leaving.output()).toContain('Drained: every message write started has finished');
    // Nest re-raises the signal once its shutdown hooks are done: the usual exit for SIGTERM.
    expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
  });
});

describe('Scale-out: shared rate limits', () => {
  const cluster = new Cluster({ MESSAGE_RATE_BURST: '4', MESSAGE_RATE_PER_MINUTE: '1000' });
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    await cluster.create();
    a = await cluster.start();
    b = await cluster.start();
  });
  afterAll(() => cluster.destroy());

  it('counts one user’s sends on every instance against one limit', async () => {
    const erin = await api(a).signUp();
    const room = await api(a).createRoom(erin, aRoomName());
    const post = (instance: Instance, body: string) =>
      request(instance.url)
        .post(`/api/rooms/${room.id}/messages`)
        .set('Authorization', `Bearer ${erin.accessToken}`)
        .send({ body });

    for (const instance of [a, b, a, b]) await post(instance, 'within the limit').expect(201);
    await post(b, 'over it').expect(429);
    await post(a, 'over it').expect(429);
  });
});
