import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { Message } from '../../core/api/api-types';
import { ALICE, nextTurn, setUpConnectedChat } from '../../testing/chat-test-bed';
import { FakeSocket } from '../../testing/fake-socket';
import { aRoom } from '../../testing/rooms';
import { ChatStore } from './chat.store';

const ROOM = aRoom('room-1', { name: 'general' });

let nextSeq = 1;
const stored = (body: string, clientMsgId: string | null = null, sender = ALICE): Message => ({
  id: `m-${nextSeq}`,
  roomId: ROOM.id,
  seq: nextSeq++,
  body,
  sender: {
    id: sender.id,
    username: sender.username,
    displayName: sender.username,
    avatarUrl: null,
  },
  clientMsgId,
  createdAt: new Date().toISOString(),
  version: 0,
  editedAt: null,
  deletedAt: null,
  replyTo: null,
  mentions: [],
  reactions: [],
  files: [],
});

describe('ChatStore', () => {
  let socket: FakeSocket;
  let backend: HttpTestingController;
  let store: ChatStore;

  beforeEach(async () => {
    nextSeq = 1;
    ({ socket, backend } = setUpConnectedChat());
    store = TestBed.inject(ChatStore);
    const opened = store.open(ROOM.id);
    backend
      .expectOne((r) => r.url === `/api/rooms/${ROOM.id}/messages`)
      .flush({ messages: [], hasMore: false });
    await opened;
    socket
      .takeNext('room:join')
      .reply({ ok: true, room: ROOM, users: [ALICE], missed: [], hasMore: false });
    await nextTurn();
  });

  it('shows a message as pending at once, and as stored once acked', async () => {
    store.send('  hello  ');
    expect(store.unconfirmed()).toMatchObject([{ body: 'hello', status: 'pending' }]);

    const sent = socket.takeNext('message:send');
    expect(sent.payload).toEqual({
      roomId: ROOM.id,
      body: 'hello',
      clientMsgId: expect.any(String),
    });
    sent.reply({ ok: true, message: stored('hello', sent.payload.clientMsgId) });
    await nextTurn();

    expect(store.unconfirmed()).toEqual([]);
    expect(store.messages().map((m) => m.body)).toEqual(['hello']);
  });

  it('sends uploaded files by id, with or without text, and shows them while pending', async () => {
    const file = { id: 'f-1', name: 'plan.pdf', size: 2048 };
    store.send('', [file]);
    expect(store.unconfirmed()).toMatchObject([{ body: '', files: [file], status: 'pending' }]);

    const sent = socket.takeNext('message:send');
    expect(sent.payload).toMatchObject({ roomId: ROOM.id, body: '', fileIds: ['f-1'] });
    sent.reply({
      ok: true,
      message: stored('', (sent.payload as { clientMsgId: string }).clientMsgId),
    });
    await nextTurn();
    expect(store.unconfirmed()).toEqual([]);

    store.send('   ');
    expect(store.unconfirmed()).toEqual([]); // neither text nor files: nothing to send
  });

  it('shows a new display name and avatar on every message and in presence, live', async () => {
    socket.play('message:new', stored('hi'));
    await nextTurn();
    const renamed = {
      ...ALICE,
      displayName: 'Alice L.',
      avatarUrl: '/api/users/a/avatar?v=v1&expires=1800000000&sig=s',
    };
    socket.play('user:updated', renamed);
    await nextTurn();
    expect(store.messages()[0].sender).toMatchObject({
      displayName: 'Alice L.',
      avatarUrl: '/api/users/a/avatar?v=v1&expires=1800000000&sig=s',
    });
    expect(store.users().find((u) => u.id === ALICE.id)?.displayName).toBe('Alice L.');
  });

  it('marks a message failed when the ack times out, and a retry reuses its clientMsgId', async () => {
    store.send('are you there?');
    const first = socket.takeNext('message:send');
    first.fail(new Error('operation has timed out'));
    await nextTurn();
    expect(store.unconfirmed()).toMatchObject([{ status: 'failed' }]);

    store.retry(store.unconfirmed()[0].clientMsgId);
    const second = socket.takeNext('message:send');
    expect(second.payload.clientMsgId).toBe(first.payload.clientMsgId);
    second.reply({ ok: true, message: stored('are you there?', second.payload.clientMsgId) });
    await nextTurn();
    expect(store.unconfirmed()).toEqual([]);
    expect(store.messages()).toHaveLength(1);
  });

  it('shows the server’s reason when a message is refused', async () => {
    store.send('spam');
    socket.takeNext('message:send').reply({
      ok: false,
      error: {
        code: 'RATE_LIMITED',
        message: 'You are sending messages too fast; wait a moment',
        retryAfterMs: 900,
      },
    });
    await nextTurn();
    expect(store.unconfirmed()).toMatchObject([
      { status: 'failed', error: 'You are sending messages too fast; wait a moment' },
    ]);
  });

  it('keeps messages written offline pending, then sends them in order after the rejoin', async () => {
    socket.serverDrops();
    store.send('one');
    store.send('two');
    await nextTurn();
    expect(socket.pending('message:send')).toEqual([]);
    expect(store.unconfirmed().map((m) => m.status)).toEqual(['pending', 'pending']);

    socket.serverConnects();
    const rejoin = socket.takeNext('room:join');
    expect(rejoin.payload).toEqual({ roomId: ROOM.id, afterSeq: 0, afterChange: 0 });
    rejoin.reply({ ok: true, room: ROOM, users: [ALICE], missed: [], hasMore: false });
    await nextTurn();

    const first = socket.takeNext('message:send');
    expect(first.payload.body).toBe('one');
    expect(socket.pending('message:send')).toEqual([]); // one at a time keeps the order
    first.reply({ ok: true, message: stored('one', first.payload.clientMsgId) });
    await nextTurn();
    const second = socket.takeNext('message:send');
    expect(second.payload.body).toBe('two');
    second.reply({ ok: true, message: stored('two', second.payload.clientMsgId) });
    await nextTurn();
    expect(store.messages().map((m) => m.body)).toEqual(['one', 'two']);
  });

  it('fills the gap after a reconnect with no duplicates: missed, live and paged messages merge by seq', async () => {
    const bob = { ...ALICE, id: 'u-bob', username: 'bob' };
    socket.play('message:new', stored('1', null, bob));
    socket.serverDrops();
    socket.serverConnects();
    const rejoin = socket.takeNext('room:join');
    expect(rejoin.payload).toEqual({ roomId: ROOM.id, afterSeq: 1, afterChange: 0 });

    const missed = [stored('2', null, bob), stored('3', null, bob)];
    socket.play('message:new', missed[1]); // arrives live before the ack: kept once
    rejoin.reply({ ok: true, room: ROOM, users: [ALICE, bob], missed, hasMore: true });
    await nextTurn();
    backend
      .expectOne((r) => r.url === `/api/rooms/${ROOM.id}/messages` && r.params.get('after') === '3')
      .flush({ messages: [stored('4', null, bob)], hasMore: false });
    await nextTurn();

    expect(store.messages().map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(store.users().map((u) => u.username)).toEqual(['alice', 'bob']);
  });

  it('fetches what it missed when a live message shows a hole in the seqs', async () => {
    const bob = { ...ALICE, id: 'u-bob', username: 'bob' };
    socket.play('message:new', stored('1', null, bob));
    nextSeq = 4; // seqs 2 and 3 never arrived
    socket.play('message:new', stored('4', null, bob));

    const fetch = backend.expectOne(
      (r) => r.url === `/api/rooms/${ROOM.id}/messages` && r.params.get('after') === '1',
    );
    nextSeq = 2;
    fetch.flush({ messages: [stored('2', null, bob), stored('3', null, bob)], hasMore: false });
    await nextTurn();
    expect(store.messages().map((m) => m.seq)).toEqual([1, 2, 3, 4]);

    // After a reconnect it catches up from the last seq it holds without a hole.
    socket.serverDrops();
    socket.serverConnects();
    expect(socket.takeNext('room:join').payload).toEqual({
      roomId: ROOM.id,
      afterSeq: 4,
      afterChange: 0,
    });
  });

  it('applies presence deltas as set operations and shows typing until it lapses or stops', () => {
    const bob = { id: 'u-bob', username: 'bob', createdAt: ALICE.createdAt };
    socket.play('presence', { roomId: ROOM.id, joined: [bob, bob], left: [] });
    socket.play('presence', { roomId: 'other-room', joined: [{ ...bob, id: 'x' }], left: [] });
    expect(store.users().map((u) => u.id)).toEqual([ALICE.id, bob.id]);

    socket.play('typing', { roomId: ROOM.id, user: bob, isTyping: true });
    expect(store.typingUsers()).toEqual([bob]);
    socket.play('presence', { roomId: ROOM.id, joined: [], left: [bob] });
    expect(store.users().map((u) => u.id)).toEqual([ALICE.id]);
    expect(store.typingUsers()).toEqual([]);
  });

  it('says a room refused (a ban) apart from one that does not exist', async () => {
    const opened = store.open('room-2');
    backend
      .expectOne((r) => r.url === '/api/rooms/room-2/messages')
      .flush({ messages: [], hasMore: false });
    await opened;
    socket.takeNext('room:join').reply({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'You are banned from this room' },
    });
    await nextTurn();
    expect(store.state()).toBe('forbidden');

    const again = store.open('room-3');
    backend
      .expectOne((r) => r.url === '/api/rooms/room-3/messages')
      .flush(null, { status: 404, statusText: 'Not Found' });
    await again;
    expect(store.state()).toBe('not-found');
  });
});
