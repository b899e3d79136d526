import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { MessageWriter } from '../src/messages/message-writer';
import type { ChatMessage } from '../src/realtime/chat-events';
import { aRoomName } from './builders/user.builder';
import { api, Session } from './helpers/api-client';
import { Replica } from './helpers/replica';
import {
  ChatClient,
  eventually,
  quietPeriod,
  record,
  request as ask,
  socketsOfEachTest,
} from './helpers/socket-client';
import { startTestApp, TestApp } from './helpers/test-app';

const EMOJIS = ['👍', '❤️', '😂', '🎉', '👀', '🙏', '🔥', '✅', '🚀', '🤔'];

describe('Realtime message changes: edit, delete, react over sockets (e2e)', () => {
  let testApp: TestApp;
  let client: ReturnType<typeof api>;
  let alice: Session;
  let bob: Session;
  const sockets = socketsOfEachTest();

  beforeAll(async () => {
    testApp = await startTestApp({
      MESSAGE_RATE_BURST: '1000000',
      MESSAGE_RATE_PER_MINUTE: '1000000',
    });
    client = api(testApp);
    [alice, bob] = await Promise.all([client.signUp(), client.signUp()]);
  });
  afterAll(() => testApp.close());

  const connect = (session: Session) => sockets.open(testApp, session);
  const joined = (session: Session, roomId: string) => sockets.open(testApp, session, roomId);

  const newRoom = async () => (await client.createRoom(alice, aRoomName())).id;

  async function send(socket: ChatClient, roomId: string, body: string): Promise<ChatMessage> {
    const reply = await ask(socket, 'message:send', { roomId, body });
    expect(reply.ok).toBe(true);
    return reply.message as ChatMessage;
  }

  const refusal = (code: string) => ({
    ok: false,
    error: { code, message: expect.any(String) },
  });

  describe('acks', () => {
    it('message:edit answers the edited message and the room (sender included) gets message:updated', async () => {
      const roomId = await newRoom();
      const [mine, theirs] = [await joined(alice, roomId), await joined(bob, roomId)];
      const [myUpdates, theirUpdates] = [
        record(mine, 'message:updated'),
        record(theirs, 'message:updated'),
      ];
      const original = await send(mine, roomId, 'helo');

      const reply = await ask(mine, 'message:edit', { messageId: original.id, body: ' hello ' });
      expect(reply).toEqual({
        ok: true,
        message: { ...original, body: 'hello', version: 1, editedAt: expect.stringMatching(/Z$/) },
      });
      for (const inbox of [myUpdates, theirUpdates]) {
        await eventually(() => expect(inbox).toEqual([reply.message]));
      }
      // The same body again changes nothing: same message back, no event.
      expect(await ask(mine, 'message:edit', { messageId: original.id, body: 'hello' })).toEqual(
        reply,
      );
      await quietPeriod();
      expect(theirUpdates).toHaveLength(1);
    });

    it('message:delete answers { ok: true }, again too, and the room gets the tombstone once', async () => {
      const roomId = await newRoom();
      const [mine, theirs] = [await joined(alice, roomId), await joined(bob, roomId)];
      const updates = record(theirs, 'message:updated');
      const original = await send(mine, roomId, 'oops');

      expect(await ask(mine, 'message:delete', { messageId: original.id })).toEqual({ ok: true });
      expect(await ask(mine, 'message:delete', { messageId: original.id })).toEqual({ ok: true });
      await eventually(() =>
        expect(updates).toEqual([
          {
            ...original,
            body: '',
            version: 1,
            deletedAt: expect.stringMatching(/Z$/),
          },
        ]),
      );
      await quietPeriod();
      expect(updates).toHaveLength(1);
    });

    it('reaction:set sets and unsets, idempotently, with message:updated only for real changes', async () => {
      const roomId = await newRoom();
      const [mine, theirs] = [await joined(alice, roomId), await joined(bob, roomId)];
      const updates = record(mine, 'message:updated');
      const original = await send(mine, roomId, 'react to me');
      const set = (on: boolean) =>
        ask(theirs, 'reaction:set', { messageId: original.id, emoji: '👍', on });

      const first = await set(true);
      expect(first).toEqual({
        ok: true,
        message: {
          ...original,
          version: 1,
          reactions: [{ emoji: '👍', count: 1, userIds: [bob.user.id] }],
        },
      });
      expect(await set(true)).toEqual(first);
      const off = await set(false);
      expect(off).toEqual({ ok: true, message: { ...original, version: 2, reactions: [] } });
      expect(await set(false)).toEqual(off);
      await eventually(() => expect(updates).toEqual([first.message, off.message]));
      await quietPeriod();
      expect(updates).toHaveLength(2);
    });

    it('needs no room:join: a socket in no room may change what it may see', async () => {
      const roomId = await newRoom();
      const watcher = await joined(bob, roomId);
      const updates = record(watcher, 'message:updated');
      const original = await send(watcher, roomId, 'from bob');
      const outsider = await connect(bob);

      const edited = await ask(outsider, 'message:edit', { messageId: original.id, body: 'b2' });
      expect(edited).toMatchObject({ ok: true, message: { body: 'b2', version: 1 } });
      await eventually(() => expect(updates).toEqual([edited.message]));
    });
  });

  describe('refusals', () => {
    let roomId: string;
    let aliceSocket: ChatClient;
    let bobSocket: ChatClient;
    let message: ChatMessage;

    beforeEach(async () => {
      roomId = await newRoom();
      [aliceSocket, bobSocket] = [await joined(alice, roomId), await joined(bob, roomId)];
      message = await send(aliceSocket, roomId, 'alice says');
    });

    it('FORBIDDEN: editing or deleting another user’s message', async () => {
      const updates = record(aliceSocket, 'message:updated');
      expect(await ask(bobSocket, 'message:edit', { messageId: message.id, body: 'mine' })).toEqual(
        refusal('FORBIDDEN'),
      );
      expect(await ask(bobSocket, 'message:delete', { messageId: message.id })).toEqual(
        refusal('FORBIDDEN'),
      );
      await quietPeriod();
      expect(updates).toEqual([]);
      expect(bobSocket.connected).toBe(true);
    });

    it('FORBIDDEN: reacting without being a member of the (public) room', async () => {
      const carol = await client.signUp();
      const outsider = await connect(carol);
      expect(
        await ask(outsider, 'reaction:set', { messageId: message.id, emoji: '👍', on: true }),
      ).toEqual(refusal('FORBIDDEN'));
    });

    it('an owner deletes anyone’s message; the room sees the tombstone', async () => {
      const updates = record(aliceSocket, 'message:updated');
      const bobs = await send(bobSocket, roomId, 'bob says');
      expect(await ask(aliceSocket, 'message:delete', { messageId: bobs.id })).toEqual({
        ok: true,
      });
      await eventually(() =>
        expect(updates).toEqual([expect.objectContaining({ id: bobs.id, body: '', version: 1 })]),
      );
    });

    it('NOT_FOUND: any change to a message in a private room the user is not in', async () => {
      const hiddenRoom = await client.createRoom(bob, aRoomName('hidden'), undefined, 'private');
      const owner = await joined(bob, hiddenRoom.id);
      const secret = await send(owner, hiddenRoom.id, 'secret');
      const heard = record(aliceSocket, 'message:updated');
      for (const [event, payload] of [
        ['message:edit', { messageId: secret.id, body: 'x' }],
        ['message:delete', { messageId: secret.id }],
        ['reaction:set', { messageId: secret.id, emoji: '👍', on: true }],
      ] as const) {
        expect(await ask(aliceSocket, event, payload)).toEqual(refusal('NOT_FOUND'));
      }
      await quietPeriod();
      expect(heard).toEqual([]);
    });

    it('NOT_FOUND: an unknown message, and editing or reacting to a deleted one', async () => {
      const unknown = randomUUID();
      expect(await ask(aliceSocket, 'message:edit', { messageId: unknown, body: 'x' })).toEqual(
        refusal('NOT_FOUND'),
      );
      expect(await ask(aliceSocket, 'message:delete', { messageId: unknown })).toEqual(
        refusal('NOT_FOUND'),
      );
      expect(
        await ask(aliceSocket, 'reaction:set', { messageId: unknown, emoji: '👍', on: true }),
      ).toEqual(refusal('NOT_FOUND'));

      expect(await ask(aliceSocket, 'message:delete', { messageId: message.id })).toEqual({
        ok: true,
      });
      expect(await ask(aliceSocket, 'message:edit', { messageId: message.id, body: 'x' })).toEqual(
        refusal('NOT_FOUND'),
      );
      expect(
        await ask(bobSocket, 'reaction:set', { messageId: message.id, emoji: '👍', on: true }),
      ).toEqual(refusal('NOT_FOUND'));
    });

    it('VALIDATION: bad ids, bodies, emojis, flags and unknown fields, naming the field', async () => {
      const cases: [string, unknown, RegExp][] = [
        ['message:edit', { messageId: 'nope', body: 'x' }, /messageId/],
        ['message:edit', { messageId: message.id, body: '   ' }, /body/],
        ['message:edit', { messageId: message.id, body: 'x'.repeat(4001) }, /body/],
        ['message:edit', { messageId: message.id }, /body/],
        ['message:edit', { messageId: message.id, body: 'x', roomId }, /roomId/],
        ['message:delete', {}, /messageId/],
        ['message:delete', 'just a string', /payload/],
        ['reaction:set', { messageId: message.id, emoji: 'a', on: true }, /emoji/],
        ['reaction:set', { messageId: message.id, emoji: '👍👍', on: true }, /emoji/],
        ['reaction:set', { messageId: message.id, emoji: '👍', on: 'yes' }, /on/],
        ['reaction:set', { messageId: message.id, emoji: '👍' }, /on/],
      ];
      for (const [event, payload, field] of cases) {
        const reply = await ask(aliceSocket, event as 'message:edit', payload);
        expect(reply).toEqual(refusal('VALIDATION'));
        expect(reply.error.message).toMatch(field);
      }
      expect(aliceSocket.connected).toBe(true);
    });

    it('VALIDATION: a 21st different emoji on one message', async () => {
      const twenty = [...EMOJIS, '🍕', '🌟', '🎈', '🐱', '🐶', '🍀', '⚽', '🎵', '💡', '🧠'];
      for (const emoji of twenty) {
        expect(
          await ask(bobSocket, 'reaction:set', { messageId: message.id, emoji, on: true }),
        ).toMatchObject({ ok: true });
      }
      expect(
        await ask(bobSocket, 'reaction:set', { messageId: message.id, emoji: '🍎', on: true }),
      ).toEqual(refusal('VALIDATION'));
      // One already there is still fine.
      expect(
        await ask(aliceSocket, 'reaction:set', { messageId: message.id, emoji: '👍', on: true }),
      ).toMatchObject({ ok: true, message: { version: 21 } });
    });
  });

  describe('room:join with afterChange', () => {
    it('acks changed (version > afterChange, lowest first) and changedHasMore; nothing without afterChange', async () => {
      const roomId = await newRoom();
      const socket = await joined(alice, roomId);
      const [m1, m2] = [await send(socket, roomId, 'one'), await send(socket, roomId, 'two')];
      await ask(socket, 'message:edit', { messageId: m1.id, body: 'one!' }); // 1
      await ask(socket, 'reaction:set', { messageId: m2.id, emoji: '👍', on: true }); // 2
      await ask(socket, 'message:edit', { messageId: m1.id, body: 'one!!' }); // 3

      const plain = await ask(await connect(bob), 'room:join', { roomId });
      expect(plain).toMatchObject({ ok: true, changed: [], changedHasMore: false });
      expect(plain.room).toMatchObject({ lastChange: 3 });

      const after1 = await ask(await connect(bob), 'room:join', { roomId, afterChange: 1 });
      expect(after1.changed.map((m: ChatMessage) => [m.id, m.version])).toEqual([
        [m2.id, 2],
        [m1.id, 3],
      ]);
      expect(after1.changed[1].body).toBe('one!!');
      expect(after1.changedHasMore).toBe(false);
      expect(after1.missed).toEqual([]);

      const after3 = await ask(await connect(bob), 'room:join', { roomId, afterChange: 3 });
      expect(after3).toMatchObject({ changed: [], changedHasMore: false });
    });

    it('carries at most 100 changes, then changedHasMore', async () => {
      const roomId = await newRoom();
      const socket = await joined(alice, roomId);
      const messages: ChatMessage[] = [];
      for (let i = 0; i < 101; i++) messages.push(await send(socket, roomId, `m${i}`));
      await Promise.all(
        messages.map((m) => ask(socket, 'message:edit', { messageId: m.id, body: `${m.body}!` })),
      );
      const reply = await ask(await connect(bob), 'room:join', { roomId, afterChange: 0 });
      expect(reply.changed).toHaveLength(100);
      expect(reply.changed.map((m: ChatMessage) => m.version)).toEqual(
        Array.from({ length: 100 }, (_, i) => i + 1),
      );
      expect(reply.changedHasMore).toBe(true);
    });

    it('refuses a bad afterChange with VALIDATION', async () => {
      const roomId = await newRoom();
      const socket = await connect(alice);
      for (const afterChange of [-1, 1.5, '3', 2147483648]) {
        const reply = await ask(socket, 'room:join', { roomId, afterChange });
        expect(reply).toEqual(refusal('VALIDATION'));
        expect(reply.error.message).toMatch(/afterChange/);
      }
      expect(await ask(socket, 'room:join', { roomId, afterChange: 2147483647 })).toMatchObject({
        ok: true,
        changed: [],
      });
    });
  });

  it('concurrent changes from several sockets: versions 1..N, every socket sees them in order', async () => {
    const roomId = await newRoom();
    const users = [alice, bob];
    const writers = await Promise.all([0, 1, 2, 3].map((i) => joined(users[i % 2], roomId)));
    const watchers = [...writers, await joined(alice, roomId), await joined(bob, roomId)];
    const own = await Promise.all(writers.map((w, i) => send(w, roomId, `own ${i}`)));
    const inboxes = watchers.map((w) => record(w, 'message:updated'));

    // Every operation really changes something: unique bodies, and each (user, emoji, message)
    // set once.
    const replies = await Promise.all(
      writers.flatMap((writer, w) => [
        ...Array.from({ length: 5 }, (_, i) =>
          ask(writer, 'message:edit', { messageId: own[w].id, body: `edit ${w}.${i}` }),
        ),
        ...EMOJIS.slice(0, 5).map((emoji) =>
          ask(writer, 'reaction:set', {
            messageId: own[(w + 1) % own.length].id,
            emoji: w < 2 ? emoji : EMOJIS[5 + EMOJIS.indexOf(emoji)],
            on: true,
          }),
        ),
      ]),
    );
    expect(replies.every((r) => r.ok)).toBe(true);
    const n = replies.length;
    const all = Array.from({ length: n }, (_, i) => i + 1);
    expect(replies.map((r) => r.message.version).sort((x, y) => x - y)).toEqual(all);

    await eventually(() => inboxes.forEach((inbox) => expect(inbox).toHaveLength(n)), 5000);
    for (const inbox of inboxes) expect(inbox.map((m) => m.version)).toEqual(all);
    await quietPeriod();
    for (const inbox of inboxes) expect(inbox).toHaveLength(n);

    // And every socket ends with exactly what the server holds.
    const server = await client.allMessages(alice, roomId);
    const last = new Map<string, ChatMessage>();
    for (const m of inboxes[0]) last.set(m.id, m);
    for (const m of server) expect(last.get(m.id)).toEqual(m);
  });

  it('several changes of one message in one group commit are stored as if each committed alone', async () => {
    const roomId = await newRoom();
    const socket = await joined(alice, roomId);
    const message = await send(socket, roomId, 'first');
    const doomed = await send(socket, roomId, 'doomed');
    const quoting = await ask(socket, 'message:send', {
      roomId,
      body: 'quoting',
      replyToId: message.id,
    });
    const writer = testApp.app.get(MessageWriter);
    const change = { roomId, at: new Date() };
    const by = (session: Session, messageId: string) => ({
      ...change,
      actorId: session.user.id,
      messageId,
    });
    const react = (session: Session, messageId: string, emoji: string, on: boolean) =>
      writer.write({ ...by(session, messageId), kind: 'reaction', emoji, on });
    const edit = (messageId: string, body: string) =>
      writer.write({ ...by(alice, messageId), kind: 'edit', body, mentions: [] });

    // Written in the same tick, in this order: one group, one transaction.
    const outcomes = await Promise.all([
      react(bob, message.id, '👍', true),
      edit(message.id, 'second'),
      react(bob, message.id, '👍', false),
      react(bob, message.id, '👍', true),
      react(alice, message.id, '🎉', true),
      react(bob, quoting.message.id, '👀', true),
      edit(message.id, 'third'),
      edit(doomed.id, 'edited, then deleted'),
      writer.write({ ...by(alice, doomed.id), kind: 'delete', isModerator: false }),
      react(bob, quoting.message.id, '👀', false),
    ]);

    expect(outcomes.map((o) => o.kind === 'changed' && o.view.message.version)).toEqual(
      Array.from({ length: 10 }, (_, i) => i + 1),
    );
    const server = new Map((await client.allMessages(alice, roomId)).map((m) => [m.id, m]));
    expect(server.get(message.id)).toMatchObject({
      body: 'third',
      version: 7,
      reactions: [
        { emoji: '👍', count: 1, userIds: [bob.user.id] },
        { emoji: '🎉', count: 1, userIds: [alice.user.id] },
      ],
    });
    expect(server.get(quoting.message.id)).toMatchObject({
      version: 10,
      reactions: [],
      replyTo: { body: 'third' },
    });
    expect(server.get(doomed.id)).toMatchObject({ body: '', version: 9, reactions: [] });
    const revisions = (id: string) =>
      client
        .http()
        .get(`/api/messages/${id}/revisions`)
        .set('Authorization', `Bearer ${alice.accessToken}`);
    expect(
      (await revisions(message.id)).body.revisions.map((r: { body: string }) => r.body),
    ).toEqual(['first', 'second', 'third']);
    await revisions(doomed.id).expect(404);
    const { body: changed } = await client
      .http()
      .get(`/api/rooms/${roomId}/changes`)
      .set('Authorization', `Bearer ${alice.accessToken}`)
      .expect(200);
    expect(changed.messages.map((m: ChatMessage) => m.version)).toEqual([7, 9, 10]);
  });

  it('catch-up: a client offline while another edits, deletes and reacts rejoins with afterSeq + afterChange and ends with the server’s state', async () => {
    const roomId = await newRoom();
    const aliceSocket = await joined(alice, roomId);
    const before = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => send(aliceSocket, roomId, `before ${i}`)),
    );
    const replica = new Replica(testApp, roomId, bob.accessToken);
    const bobOnline = await connect(bob);
    await replica.join(bobOnline);
    await ask(aliceSocket, 'message:edit', { messageId: before[0].id, body: 'edited while on' });
    await eventually(() => expect(replica.lastChange).toBe(1));
    bobOnline.disconnect();

    await ask(aliceSocket, 'message:edit', { messageId: before[1].id, body: 'edited while off' });
    await ask(aliceSocket, 'message:delete', { messageId: before[2].id });
    await ask(aliceSocket, 'reaction:set', { messageId: before[3].id, emoji: '🎉', on: true });
    const later = await send(aliceSocket, roomId, 'sent while off');
    await ask(aliceSocket, 'reaction:set', { messageId: later.id, emoji: '👍', on: true });
    await ask(aliceSocket, 'message:edit', { messageId: later.id, body: 'sent, then edited' });
    await ask(aliceSocket, 'reaction:set', { messageId: before[3].id, emoji: '🎉', on: false });

    await replica.join(await connect(bob));
    const server = await client.allMessages(bob, roomId);
    expect(replica.timeline()).toEqual(server);
    expect(server.find((m) => m.id === before[2].id)).toMatchObject({ body: '', version: 3 });
    expect(replica.lastChange).toBe(7);
  });

  it('catch-up past 100 changes pages on with GET /changes and still converges', async () => {
    const roomId = await newRoom();
    const aliceSocket = await joined(alice, roomId);
    const replica = new Replica(testApp, roomId, bob.accessToken);
    const bobOnline = await connect(bob);
    await replica.join(bobOnline);
    const messages = await Promise.all(
      Array.from({ length: 30 }, (_, i) => send(aliceSocket, roomId, `m${i}`)),
    );
    bobOnline.disconnect();
    for (let round = 0; round < 5; round++) {
      await Promise.all(
        messages.map((m) =>
          ask(aliceSocket, 'message:edit', { messageId: m.id, body: `${m.body} r${round}` }),
        ),
      );
    }
    await replica.join(await connect(bob));
    expect(replica.timeline()).toEqual(await client.allMessages(bob, roomId));
  });

  it('property: random sends, edits, deletes and reactions, with a client dropping out at random, converge to the server’s state', async () => {
    type Op =
      | { kind: 'send'; by: number }
      | { kind: 'edit'; by: number; pick: number }
      | { kind: 'delete'; by: number; pick: number }
      | { kind: 'react'; by: number; pick: number; emoji: number; on: boolean }
      | { kind: 'drop' }
      | { kind: 'rejoin' };
    const by = fc.integer({ min: 0, max: 1 });
    const pick = fc.nat();
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('send' as const), by }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('edit' as const), by, pick }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), by, pick }) },
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant('react' as const),
          by,
          pick,
          emoji: fc.integer({ min: 0, max: 3 }),
          on: fc.boolean(),
        }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('rejoin' as const) }) },
    );

    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 40 }), async (ops) => {
        const roomId = await newRoom();
        const actors = [await joined(alice, roomId), await joined(bob, roomId)];
        const ids: string[] = [];
        const replica = new Replica(testApp, roomId, bob.accessToken);
        let observer: ChatClient | undefined = await connect(bob);
        await replica.join(observer);
        let counter = 0;

        for (const step of ops) {
          switch (step.kind) {
            case 'send': {
              const reply = await ask(actors[step.by], 'message:send', {
                roomId,
                body: `s${counter++}`,
              });
              ids.push(reply.message.id);
              break;
            }
            case 'edit':
            case 'delete':
              if (ids.length === 0) break;
              // Ignore the answer: another's message is FORBIDDEN, a deleted one NOT_FOUND.
              await ask(
                actors[step.by],
                step.kind === 'edit' ? 'message:edit' : 'message:delete',
                step.kind === 'edit'
                  ? { messageId: ids[step.pick % ids.length], body: `e${counter++}` }
                  : { messageId: ids[step.pick % ids.length] },
              );
              break;
            case 'react':
              if (ids.length === 0) break;
              await ask(actors[step.by], 'reaction:set', {
                messageId: ids[step.pick % ids.length],
                emoji: EMOJIS[step.emoji],
                on: step.on,
              });
              break;
            case 'drop':
              observer?.disconnect();
              observer = undefined;
              break;
            case 'rejoin':
              if (observer) break;
              observer = await connect(bob);
              await replica.join(observer);
              break;
          }
        }
        if (!observer) await replica.join(await connect(bob));

        const server = await client.allMessages(bob, roomId);
        await eventually(() => expect(replica.timeline()).toEqual(server), 3000);
        sockets.closeAll();
      }),
      { numRuns: 25 },
    );
  }, 180_000);
});

describe('Realtime message changes: rate limits (e2e)', () => {
  let testApp: TestApp;
  const sockets = socketsOfEachTest();

  beforeAll(async () => {
    testApp = await startTestApp({ MESSAGE_RATE_BURST: '3' });
  });
  afterAll(() => testApp.close());

  it('edits, deletions and reactions count against the message limit: RATE_LIMITED with retryAfterMs', async () => {
    const carol = await api(testApp).signUp();
    const roomId = (await api(testApp).createRoom(carol, aRoomName())).id;
    const socket = await sockets.open(testApp, carol, roomId);
    const sent = await ask(socket, 'message:send', { roomId, body: 'one' });
    expect(
      await ask(socket, 'message:edit', { messageId: sent.message.id, body: 'two' }),
    ).toMatchObject({ ok: true });
    expect(
      await ask(socket, 'reaction:set', { messageId: sent.message.id, emoji: '👍', on: true }),
    ).toMatchObject({ ok: true });

    for (const [event, payload] of [
      ['message:edit', { messageId: sent.message.id, body: 'three' }],
      ['message:delete', { messageId: sent.message.id }],
      ['reaction:set', { messageId: sent.message.id, emoji: '🎉', on: true }],
    ] as const) {
      const refused = await ask(socket, event, payload);
      expect(refused).toEqual({
        ok: false,
        error: {
          code: 'RATE_LIMITED',
          message: expect.any(String),
          retryAfterMs: expect.any(Number),
        },
      });
      expect(refused.error.retryAfterMs).toBeGreaterThan(0);
    }
    expect(socket.connected).toBe(true);
  });
});
