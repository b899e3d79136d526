import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { Room } from '../../core/api/api-types';
import { ALICE, setUpChatTestBed } from '../../testing/chat-test-bed';
import { RoomsStore } from './rooms.store';

const room = (id: string, lastSeq = 0): Room => ({
  id,
  name: `room ${id}`,
  description: '',
  createdBy: { id: ALICE.id, username: ALICE.username },
  createdAt: '2026-01-01T00:00:00.000Z',
  lastSeq,
});

describe('RoomsStore', () => {
  let backend: HttpTestingController;
  let store: RoomsStore;

  beforeEach(() => {
    ({ backend } = setUpChatTestBed());
    store = TestBed.inject(RoomsStore);
  });

  it('loads the list, with loading and empty states', async () => {
    const loading = store.load();
    expect(store.isLoading()).toBe(true);
    backend.expectOne('/api/rooms').flush([]);
    await loading;
    expect(store.isLoading()).toBe(false);
    expect(store.isEmpty()).toBe(true);
  });

  it('says when loading failed', async () => {
    const loading = store.load();
    backend.expectOne('/api/rooms').flush(null, { status: 500, statusText: 'Server Error' });
    await loading;
    expect(store.hasFailed()).toBe(true);
  });

  it('puts rooms created anywhere, and rooms with new messages, at the top, once', async () => {
    const loading = store.load();
    backend.expectOne('/api/rooms').flush([room('a'), room('b'), room('c')]);
    await loading;

    store.upsert(room('d'));
    store.upsert(room('d'));
    expect(store.rooms().map((r) => r.id)).toEqual(['d', 'a', 'b', 'c']);

    store.noteMessage({
      id: 'm',
      roomId: 'c',
      seq: 1,
      body: 'hi',
      sender: { id: ALICE.id, username: ALICE.username },
      clientMsgId: null,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(store.rooms().map((r) => [r.id, r.lastSeq])).toEqual([
      ['c', 1],
      ['d', 0],
      ['a', 0],
      ['b', 0],
    ]);
  });
});
