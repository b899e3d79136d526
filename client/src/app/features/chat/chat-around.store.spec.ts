import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { Message } from '../../core/api/api-types';
import { ALICE, nextTurn, setUpConnectedChat } from '../../testing/chat-test-bed';
import { FakeSocket } from '../../testing/fake-socket';
import { aMessage } from '../../testing/messages';
import { aRoom } from '../../testing/rooms';
import { ChatStore } from './chat.store';

const ROOM = aRoom('room-1', { name: 'general' });

const message = (seq: number): Message =>
  aMessage(seq, {
    id: `m-${seq}`,
    roomId: ROOM.id,
    body: `message ${seq}`,
    sender: {
      id: ALICE.id,
      username: ALICE.username,
      displayName: ALICE.username,
      avatarUrl: null,
    },
    createdAt: new Date().toISOString(),
  });
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => message(from + i));

/** Opening a room at a search result: history around it, newer pages until the live end. */
describe('ChatStore, jumping to a message', () => {
  let socket: FakeSocket;
  let backend: HttpTestingController;
  let store: ChatStore;
  const seqs = () => store.messages().map((m) => m.seq);

  beforeEach(async () => {
    ({ socket, backend } = setUpConnectedChat());
    store = TestBed.inject(ChatStore);
    const opened = store.open(ROOM.id, 100);
    const request = backend.expectOne((r) => r.url === `/api/rooms/${ROOM.id}/messages`);
    expect(request.request.params.get('around')).toBe('100');
    request.flush({
      messages: range(75, 124),
      hasMore: true,
      hasMoreBefore: true,
      hasMoreAfter: true,
    });
    await opened;
    // The join's catch-up brings messages past the page: they wait, out of view.
    socket.takeNext('room:join').reply({
      ok: true,
      room: ROOM,
      users: [ALICE],
      missed: range(125, 224),
      hasMore: true,
    });
    await nextTurn();
  });

  it('shows the page around the message, highlighted, with both directions open', () => {
    expect(seqs()).toEqual(range(75, 124).map((m) => m.seq));
    expect(store.highlightedSeq()).toBe(100);
    expect(store.hasOlder()).toBe(true);
    expect(store.hasNewer()).toBe(true);
    // No catch-up to the live end was started: newer pages load as the reader scrolls.
    backend.expectNone(() => true);
  });

  it('pages newer history until it meets the live end, losing no live message', async () => {
    socket.play('message:new', message(251));
    await nextTurn();
    expect(seqs().at(-1)).toBe(124);

    const first = store.loadNewer();
    const page1 = backend.expectOne((r) => r.params.get('after') === '124');
    page1.flush({ messages: range(125, 174), hasMore: true });
    await first;
    expect(store.hasNewer()).toBe(true);

    const second = store.loadNewer();
    backend
      .expectOne((r) => r.params.get('after') === '174')
      .flush({ messages: range(175, 250), hasMore: false });
    await second;
    await nextTurn();
    expect(store.hasNewer()).toBe(false);
    expect(seqs()).toEqual(range(75, 251).map((m) => m.seq));

    socket.play('message:new', message(252));
    await nextTurn();
    expect(seqs().at(-1)).toBe(252);
  });

  it('sending goes back to the newest messages', async () => {
    store.send('back to now');
    const newest = backend.expectOne((r) => !r.params.has('after') && !r.params.has('around'));
    newest.flush({ messages: range(201, 250), hasMore: true });
    await nextTurn();
    expect(store.hasNewer()).toBe(false);
    // The newest page, joined by what the catch-up had brought meanwhile: no hole.
    const shown = seqs();
    expect(shown.at(-1)).toBe(250);
    expect(shown).toEqual(range(shown[0], 250).map((m) => m.seq));
    expect(shown).not.toContain(100);
  });
});

/** "Jump" to the first unread of a room opened at its newest page. */
describe('ChatStore, loading around the first unread', () => {
  let socket: FakeSocket;
  let backend: HttpTestingController;
  let store: ChatStore;
  const seqs = () => store.messages().map((m) => m.seq);

  beforeEach(async () => {
    ({ socket, backend } = setUpConnectedChat());
    store = TestBed.inject(ChatStore);
    const opened = store.open(ROOM.id);
    backend
      .expectOne((r) => r.url === `/api/rooms/${ROOM.id}/messages`)
      .flush({ messages: range(151, 200), hasMore: true });
    await opened;
    socket.takeNext('room:join').reply({ ok: true, room: ROOM, users: [ALICE], missed: [] });
    await nextTurn();
  });

  it('reads the page around it in one request, then newer pages lead back to the live end', async () => {
    const loading = store.loadAround(101);
    const request = backend.expectOne((r) => r.url === `/api/rooms/${ROOM.id}/messages`);
    expect(request.request.params.get('around')).toBe('101');
    request.flush({
      messages: range(76, 125),
      hasMore: true,
      hasMoreBefore: true,
      hasMoreAfter: true,
    });
    await loading;
    expect(seqs()).toEqual(range(76, 125).map((m) => m.seq));
    expect(store.hasNewer()).toBe(true);
    // A message arriving meanwhile waits for the view to come back to the live end.
    socket.play('message:new', message(201));
    expect(seqs().at(-1)).toBe(125);
  });

  it('reads nothing when it is loaded already', async () => {
    await store.loadAround(160);
    backend.expectNone(() => true);
    expect(seqs()[0]).toBe(151);
  });
});
