import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { setUpChatTestBed } from '../../testing/chat-test-bed';
import { aMessage } from '../../testing/messages';
import { aRoom, BOB } from '../../testing/rooms';
import { RoomsStore } from '../rooms/rooms.store';
import type { SearchResult } from './search-query';
import { SearchStore } from './search.store';

const GENERAL = aRoom('room-general', { name: 'General' });
const RANDOM = aRoom('room-random', { name: 'random' });

const aResult = (seq: number, room = GENERAL): SearchResult => ({
  message: aMessage(seq, {
    id: `m-${room.id}-${seq}`,
    roomId: room.id,
    body: `café ${seq}`,
    sender: { id: BOB.id, username: BOB.username, displayName: BOB.username, avatarUrl: null },
    createdAt: '2026-01-01T00:00:00.000Z',
  }),
  room: { id: room.id, name: room.name, kind: 'public' },
  snippet: `café ${seq}`,
  highlights: [[0, 4]],
});

describe('SearchStore', () => {
  let backend: HttpTestingController;
  let store: SearchStore;

  beforeEach(() => {
    ({ backend } = setUpChatTestBed());
    const rooms = TestBed.inject(RoomsStore);
    rooms.upsert(GENERAL);
    rooms.upsert(RANDOM);
    store = TestBed.inject(SearchStore);
  });

  it('sends the words with from: and in: as filters, and groups results by room', async () => {
    store.setText('cafe from:@bob in:general');
    const running = store.run();
    const request = backend.expectOne((r) => r.url === '/api/search');
    expect(request.request.params.get('q')).toBe('cafe');
    expect(request.request.params.get('from')).toBe('bob');
    expect(request.request.params.get('roomId')).toBe(GENERAL.id);
    expect(store.state()).toBe('loading');
    request.flush({
      results: [aResult(9), aResult(3, RANDOM), aResult(2)],
      nextCursor: 'next',
    });
    await running;
    expect(store.state()).toBe('ready');
    expect(store.groups().map((g) => [g.room.id, g.results.length])).toEqual([
      [GENERAL.id, 2],
      [RANDOM.id, 1],
    ]);
    expect(store.hasMore()).toBe(true);
    expect(store.active()).toBe(0);
    expect(store.isCurrent()).toBe(true);

    const more = store.loadMore();
    const page = backend.expectOne((r) => r.params.get('before') === 'next');
    page.flush({ results: [aResult(1)], nextCursor: null });
    await more;
    expect(store.results()).toHaveLength(4);
    expect(store.hasMore()).toBe(false);
  });

  it('says so when in: names no room of yours, without asking the server', async () => {
    store.setText('cafe in:nowhere');
    await store.run();
    expect(store.state()).toBe('error');
    expect(store.error()).toContain('nowhere');
    backend.expectNone('/api/search');
  });

  it('an empty query (filters only) asks nothing and shows the help', async () => {
    store.setText('from:bob');
    await store.run();
    expect(store.state()).toBe('empty');
    backend.expectNone(() => true);
  });

  it('explains a refusal and can retry', async () => {
    store.setText('cafe');
    const running = store.run();
    backend
      .expectOne((r) => r.url === '/api/search')
      .flush(
        { statusCode: 429, message: 'slow down', error: 'Too Many Requests' },
        {
          status: 429,
          statusText: 'Too Many Requests',
        },
      );
    await running;
    expect(store.state()).toBe('error');
    expect(store.error()).toMatch(/Wait a moment/);
  });

  it('opens a result in its room at the message', async () => {
    const router = TestBed.inject(Router);
    const navigate = vi.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
    await store.choose(aResult(42));
    expect(String(navigate.mock.calls[0][0])).toBe(`/rooms/${GENERAL.id}?around=42`);
    expect(store.isOpen()).toBe(false);
  });
});
