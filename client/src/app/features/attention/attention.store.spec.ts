import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ChatSocketService } from '../../core/realtime/chat-socket.service';
import { nextTurn, setUpChatTestBed } from '../../testing/chat-test-bed';
import { FakeSocket } from '../../testing/fake-socket';
import { aRoom } from '../../testing/rooms';
import { RoomsStore } from '../rooms/rooms.store';
import { AttentionStore, READ_DEBOUNCE_MS } from './attention.store';

const membership = (
  unread: number,
  mentions = 0,
  notify: 'all' | 'mentions' | 'none' = 'mentions',
) => ({
  role: 'member' as const,
  lastReadSeq: 10 - unread,
  unread,
  mentions,
  notify,
});

describe('AttentionStore', () => {
  let backend: HttpTestingController;
  let sockets: FakeSocket[];
  let rooms: RoomsStore;
  let store: AttentionStore;
  let socket: FakeSocket;

  beforeEach(async () => {
    ({ backend, sockets } = setUpChatTestBed());
    rooms = TestBed.inject(RoomsStore);
    store = TestBed.inject(AttentionStore);
    const loading = rooms.load();
    backend
      .expectOne('/api/rooms')
      .flush([
        aRoom('a', { lastSeq: 10, membership: membership(3, 1) }),
        aRoom('b', { lastSeq: 10, membership: membership(2) }),
        aRoom('muted', { lastSeq: 10, membership: membership(5, 0, 'none') }),
      ]);
    await loading;
    const service = TestBed.inject(ChatSocketService);
    service.connect();
    store.listen(service);
    socket = sockets[0];
    socket.serverConnects();
  });
  afterEach(() => vi.useRealTimers());

  it('totals the unread of rooms that are not muted for the tab title', () => {
    expect(store.totalUnread()).toBe(5);
    expect(store.titlePrefix()).toBe('(5) ');
  });

  it('a read event from another tab clears that room’s counts', () => {
    socket.play('read', { roomId: 'a', lastReadSeq: 10, unread: 0, mentions: 0 });
    expect(rooms.find('a')?.membership).toMatchObject({ lastReadSeq: 10, unread: 0, mentions: 0 });
    expect(store.totalUnread()).toBe(2);
    // An older marker arriving late changes nothing.
    socket.play('read', { roomId: 'a', lastReadSeq: 8, unread: 2, mentions: 0 });
    expect(rooms.find('a')?.membership?.unread).toBe(0);
  });

  it('moves the marker once reading settles, to the highest seq seen, and only forward', async () => {
    vi.useFakeTimers();
    store.markSeen('a', 5); // at or below the marker (7): nothing to send
    store.markSeen('a', 8);
    store.markSeen('a', 10);
    store.markSeen('a', 9);
    expect(socket.pending('room:read')).toEqual([]);
    vi.advanceTimersByTime(READ_DEBOUNCE_MS);
    const [sent] = socket.pending('room:read');
    expect(sent.payload).toEqual({ roomId: 'a', seq: 10 });
    expect(socket.pending('room:read')).toHaveLength(1);
    sent.reply({ ok: true, lastReadSeq: 10, unread: 0, mentions: 0 });
    vi.useRealTimers();
    await nextTurn();
    expect(rooms.find('a')?.membership).toMatchObject({ lastReadSeq: 10, unread: 0 });
  });

  it('marks a room read up to its newest message at once, and not a room read already', async () => {
    const marking = store.markAllRead('a');
    const [sent] = socket.pending('room:read');
    expect(sent.payload).toEqual({ roomId: 'a', seq: 10 });
    sent.reply({ ok: true, lastReadSeq: 10, unread: 0, mentions: 0 });
    await marking;
    expect(rooms.find('a')?.membership).toMatchObject({ lastReadSeq: 10, unread: 0, mentions: 0 });
    await store.markAllRead('a');
    expect(socket.pending('room:read')).toHaveLength(1);
  });

  it('sets the notify level through the API', async () => {
    const setting = store.setNotify('b', 'none');
    const request = backend.expectOne('/api/rooms/b/members/me');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ notify: 'none' });
    request.flush(aRoom('b', { lastSeq: 10, membership: membership(2, 0, 'none') }));
    await setting;
    expect(store.totalUnread()).toBe(3);
  });
});
