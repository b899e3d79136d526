import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { Message } from '../../core/api/api-types';
import { ALICE, nextTurn, setUpConnectedChat } from '../../testing/chat-test-bed';
import { FakeSocket } from '../../testing/fake-socket';
import { aMessage } from '../../testing/messages';
import { aRoom, BOB } from '../../testing/rooms';
import { RoomsStore } from '../rooms/rooms.store';
import { ChatStore } from './chat.store';

const ROOM = aRoom('room-1', { name: 'general', lastChange: 7 });
const joined = (extra: object = {}) => ({
  ok: true,
  room: ROOM,
  users: [ALICE],
  missed: [],
  hasMore: false,
  changed: [],
  changedHasMore: false,
  ...extra,
});

const mine = (seq: number, extra: Partial<Message> = {}) =>
  aMessage(seq, {
    roomId: ROOM.id,
    sender: {
      id: ALICE.id,
      username: ALICE.username,
      displayName: ALICE.username,
      avatarUrl: null,
    },
    ...extra,
  });
const bobs = (seq: number, extra: Partial<Message> = {}) =>
  aMessage(seq, {
    roomId: ROOM.id,
    sender: { id: BOB.id, username: BOB.username, displayName: BOB.username, avatarUrl: null },
    ...extra,
  });

describe('ChatStore: edits, deletions, reactions', () => {
  let socket: FakeSocket;
  let backend: HttpTestingController;
  let store: ChatStore;

  beforeEach(async () => {
    ({ socket, backend } = setUpConnectedChat());
    TestBed.inject(RoomsStore).upsert(ROOM);
    store = TestBed.inject(ChatStore);
    const opened = store.open(ROOM.id);
    backend
      .expectOne((r) => r.url === `/api/rooms/${ROOM.id}/messages`)
      .flush({ messages: [mine(1), bobs(2), mine(3)], hasMore: false });
    await opened;
    const join = socket.takeNext('room:join');
    // At first open it asks for the changes since the room's change number it knew before the page.
    expect(join.payload).toEqual({ roomId: ROOM.id, afterSeq: 3, afterChange: 7 });
    join.reply(joined());
    await nextTurn();
  });

  const reconnect = () => {
    socket.serverDrops();
    socket.serverConnects();
    return socket.takeNext('room:join');
  };

  it('applies message:updated only when its version is higher than the one held', () => {
    socket.play('message:updated', bobs(2, { body: 'fixed', version: 9, editedAt: 'x' }));
    socket.play('message:updated', bobs(2, { body: 'older', version: 8 }));
    socket.play('message:updated', bobs(2, { body: 'fixed', version: 9, editedAt: 'x' }));
    expect(store.messages().map((m) => m.body)).toEqual(['body 1', 'fixed', 'body 3']);
  });

  it('shows a deletion as a tombstone at once, and the server’s when it comes', async () => {
    store.delete('m1');
    expect(store.messages()[0]).toMatchObject({ body: '', deletedAt: expect.any(String) });
    const sent = socket.takeNext('message:delete');
    expect(sent.payload).toEqual({ messageId: 'm1' });
    sent.reply({ ok: true });
    await nextTurn();
    expect(store.messages()[0].deletedAt).not.toBeNull();
    socket.play(
      'message:updated',
      mine(1, { body: '', deletedAt: '2026-01-02T00:00:00Z', version: 8 }),
    );
    expect(store.messages()[0]).toMatchObject({ version: 8, deletedAt: '2026-01-02T00:00:00Z' });
  });

  it('rejoins with afterChange = the last change read in order, and pages on while changedHasMore', async () => {
    socket.play('message:updated', bobs(2, { version: 9, reactions: [] }));
    const rejoin = reconnect();
    expect(rejoin.payload).toEqual({ roomId: ROOM.id, afterSeq: 3, afterChange: 9 });

    // A live change that arrives while catching up is applied but does not move the number.
    socket.play('message:updated', mine(3, { body: 'live', version: 14, editedAt: 'x' }));
    rejoin.reply(
      joined({ changed: [mine(1, { body: 'ten', version: 10 })], changedHasMore: true }),
    );
    await nextTurn();
    backend
      .expectOne((r) => r.url === `/api/rooms/${ROOM.id}/changes` && r.params.get('after') === '10')
      .flush({ messages: [bobs(2, { body: 'twelve', version: 12 })], hasMore: false });
    await nextTurn();
    expect(store.messages().map((m) => m.body)).toEqual(['ten', 'twelve', 'live']);
    expect(store.state()).toBe('ready');

    expect(reconnect().payload).toEqual({ roomId: ROOM.id, afterSeq: 3, afterChange: 12 });
  });

  it('queues edits and reactions made offline, shows them at once and sends each once after the rejoin', async () => {
    socket.serverDrops();
    store.saveEdit('m3', '  typo fixed ');
    store.toggleReaction('m2', '👍');
    store.toggleReaction('m2', '🎉');
    store.toggleReaction('m2', '🎉'); // back off again: the last state wins
    await nextTurn();
    expect(socket.emitted).toEqual([]);
    expect(store.messages()[2].body).toBe('typo fixed');
    expect(store.messages()[1].reactions).toEqual([{ emoji: '👍', count: 1, userIds: [ALICE.id] }]);
    expect(store.changingIds()).toEqual(new Set(['m3', 'm2']));

    socket.serverConnects();
    socket.takeNext('room:join').reply(joined());
    await nextTurn();
    const edit = socket.takeNext('message:edit');
    expect(edit.payload).toEqual({ messageId: 'm3', body: 'typo fixed' });
    edit.reply({ ok: true, message: mine(3, { body: 'typo fixed', version: 8, editedAt: 'x' }) });
    await nextTurn();
    const reaction = socket.takeNext('reaction:set');
    expect(reaction.payload).toEqual({ messageId: 'm2', emoji: '👍', on: true });
    expect(socket.pending('reaction:set')).toEqual([]); // 🎉 on then off never went out
    reaction.reply({
      ok: true,
      message: bobs(2, { version: 9, reactions: [{ emoji: '👍', count: 1, userIds: [ALICE.id] }] }),
    });
    await nextTurn();
    expect(store.changingIds().size).toBe(0);
    expect(store.messages()[2]).toMatchObject({ body: 'typo fixed', version: 8 });

    // Nothing goes again after another reconnect.
    reconnect().reply(joined());
    await nextTurn();
    expect(socket.emitted).toEqual([]);
  });

  it('keeps a change whose ack was lost queued and sends it again after the reconnect', async () => {
    store.toggleReaction('m1', '👍');
    socket.takeNext('reaction:set').fail(new Error('offline'));
    socket.serverDrops();
    await nextTurn();
    expect(store.messages()[0].reactions).toHaveLength(1);
    socket.serverConnects();
    socket.takeNext('room:join').reply(joined());
    await nextTurn();
    expect(socket.takeNext('reaction:set').payload).toEqual({
      messageId: 'm1',
      emoji: '👍',
      on: true,
    });
  });

  it('saves an emptied body only for a message with files, as the server allows', () => {
    const file = { id: 'f1', name: 'a.txt' } as Message['files'][number];
    socket.play('message:updated', mine(3, { version: 8, files: [file] }));
    store.saveEdit('m1', '   ');
    expect(socket.pending('message:edit')).toEqual([]);
    store.saveEdit('m3', '   ');
    expect(socket.takeNext('message:edit').payload).toEqual({ messageId: 'm3', body: '' });
  });

  it('drops a refused change and says why', async () => {
    store.saveEdit('m1', 'new');
    socket
      .takeNext('message:edit')
      .reply({ ok: false, error: { code: 'NOT_FOUND', message: 'That message was deleted' } });
    await nextTurn();
    expect(store.messages()[0].body).toBe('body 1');
    expect(store.changeError()).toBe('That message was deleted');
  });

  it('toggles a reaction by what the message shows: off when I reacted', () => {
    socket.play(
      'message:updated',
      bobs(2, { version: 8, reactions: [{ emoji: '👍', count: 2, userIds: [BOB.id, ALICE.id] }] }),
    );
    store.toggleReaction('m2', '👍');
    expect(socket.takeNext('reaction:set').payload).toEqual({
      messageId: 'm2',
      emoji: '👍',
      on: false,
    });
    expect(store.messages()[1].reactions).toEqual([{ emoji: '👍', count: 1, userIds: [BOB.id] }]);
  });

  it('edits only my own messages; Up arrow finds my last one that is not deleted', () => {
    store.startEdit('m2');
    expect(store.editingId()).toBeNull();
    socket.play('message:updated', mine(3, { body: '', deletedAt: 'x', version: 8 }));
    expect(store.editLast()).toBe(true);
    expect(store.editingId()).toBe('m1');
    store.cancelEdit();
    expect(store.editingId()).toBeNull();
  });

  it('sends a reply with replyToId and clears the reply', () => {
    store.startReply('m2');
    expect(store.replyingTo()).toEqual({ id: 'm2', seq: 2, username: 'bob', body: 'body 2' });
    store.send('agreed');
    expect(socket.takeNext('message:send').payload).toMatchObject({
      body: 'agreed',
      replyToId: 'm2',
    });
    expect(store.replyingTo()).toBeNull();
    expect(store.unconfirmed()[0].replyTo).toEqual({ id: 'm2', username: 'bob', body: 'body 2' });
  });

  it('jumps to a message not loaded yet by paging back until it is, then highlights it', async () => {
    const jumped = store.jumpTo(0);
    await nextTurn();
    expect(await jumped).toBe(false); // before the room's start: nothing to page

    // Pretend there is older history.
    store.close();
    const opened = store.open(ROOM.id);
    backend
      .expectOne((r) => r.url === `/api/rooms/${ROOM.id}/messages`)
      .flush({ messages: [mine(200), mine(201)], hasMore: true });
    await opened;
    socket.takeNext('room:join').reply(joined());
    await nextTurn();
    const jump = store.jumpTo(50);
    await nextTurn();
    backend
      .expectOne((r) => r.params.get('before') === '200')
      .flush({ messages: [mine(100), mine(101)], hasMore: true });
    await nextTurn();
    backend
      .expectOne((r) => r.params.get('before') === '100')
      .flush({ messages: [mine(50), mine(51)], hasMore: true });
    expect(await jump).toBe(true);
    expect(store.highlightedSeq()).toBe(50);
  });
});
