import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { setUpChatTestBed } from '../../testing/chat-test-bed';
import { aDirectRoom, aRoom, BOB } from '../../testing/rooms';
import { RoomsStore } from '../rooms/rooms.store';
import { QuickSwitcherStore } from './quick-switcher.store';

describe('QuickSwitcherStore', () => {
  let backend: HttpTestingController;
  let store: QuickSwitcherStore;
  let navigate: ReturnType<typeof vi.spyOn>;

  beforeEach(async () => {
    ({ backend } = setUpChatTestBed());
    const rooms = TestBed.inject(RoomsStore);
    const loading = rooms.load();
    backend
      .expectOne('/api/rooms')
      .flush([aRoom('1', { name: 'general' }), aRoom('2', { name: 'design' })]);
    await loading;
    navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    store = TestBed.inject(QuickSwitcherStore);
    store.open();
  });

  it('moves the highlight with wrap-around and opens the room chosen', async () => {
    expect(store.items().map((i) => i.label)).toEqual(['general', 'design']);
    store.move(1);
    expect(store.active()).toBe(1);
    store.move(1);
    expect(store.active()).toBe(0);
    store.move(-1);
    await store.choose();
    expect(navigate).toHaveBeenCalledWith(['/rooms', '2']);
    expect(store.isOpen()).toBe(false);
  });

  it('keeps the highlight on its item when the list reorders under it', () => {
    store.move(1);
    expect(store.items()[store.active()].label).toBe('design');
    // design gets new activity and moves to the top while the switcher is open.
    TestBed.inject(RoomsStore).upsert(aRoom('2', { name: 'design' }));
    expect(store.items().map((i) => i.label)).toEqual(['design', 'general']);
    expect(store.items()[store.active()].label).toBe('design');
  });

  it('asks the directory once typing pauses, and opens a direct conversation with a person', async () => {
    vi.useFakeTimers();
    try {
      store.setQuery('b');
      store.setQuery('bo');
      vi.advanceTimersByTime(250);
    } finally {
      vi.useRealTimers();
    }
    const search = backend.expectOne((req) => req.url === '/api/users');
    expect(search.request.params.get('q')).toBe('bo');
    search.flush([BOB]);
    await Promise.resolve();
    expect(store.items().map((i) => [i.type, i.label])).toEqual([['person', 'bob']]);

    const choosing = store.choose();
    const direct = backend.expectOne({ method: 'POST', url: '/api/direct' });
    expect(direct.request.body).toEqual({ userIds: [BOB.id] });
    direct.flush(aDirectRoom('dm', [BOB]));
    await choosing;
    expect(navigate).toHaveBeenCalledWith(['/rooms', 'dm']);
    expect(
      TestBed.inject(RoomsStore)
        .sections()
        .direct.map((r) => r.id),
    ).toEqual(['dm']);
  });
});
