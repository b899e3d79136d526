import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ChatSocketService } from '../../core/realtime/chat-socket.service';
import { setUpChatTestBed } from '../../testing/chat-test-bed';
import { FakeSocket } from '../../testing/fake-socket';
import { aMember, BOB, CAROL } from '../../testing/rooms';
import { ALICE } from '../../testing/chat-test-bed';
import { MembersStore } from './members.store';

describe('MembersStore', () => {
  let backend: HttpTestingController;
  let socket: FakeSocket;
  let store: MembersStore;

  beforeEach(async () => {
    let sockets: FakeSocket[];
    ({ backend, sockets } = setUpChatTestBed());
    TestBed.inject(ChatSocketService).connect();
    socket = sockets[0];
    socket.serverConnects();
    store = TestBed.inject(MembersStore);
    const opening = store.open('r');
    backend
      .expectOne((req) => req.url === '/api/rooms/r/members' && !req.params.has('after'))
      .flush({ members: [aMember(ALICE, 'owner'), aMember(CAROL)], hasMore: true });
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve));
    backend
      .expectOne((req) => req.url === '/api/rooms/r/members' && req.params.get('after') === 'carol')
      .flush({
        members: [
          aMember({ id: 'u-dave', username: 'dave', displayName: 'dave', avatarUrl: null }),
        ],
        hasMore: false,
      });
    await opening;
  });

  it('loads every page, sorted by username', () => {
    expect(store.members().map((m) => m.user.username)).toEqual(['alice', 'carol', 'dave']);
  });

  it('follows room:member: added, changed, gone; other rooms are ignored', () => {
    socket.play('room:member', { roomId: 'r', userId: BOB.id, member: aMember(BOB) });
    socket.play('room:member', { roomId: 'r', userId: CAROL.id, member: aMember(CAROL, 'admin') });
    socket.play('room:member', { roomId: 'r', userId: 'u-dave', member: null });
    socket.play('room:member', {
      roomId: 'other',
      userId: 'u-x',
      member: aMember({ id: 'u-x', username: 'x', displayName: 'x', avatarUrl: null }),
    });
    expect(store.members().map((m) => [m.user.username, m.role])).toEqual([
      ['alice', 'owner'],
      ['bob', 'member'],
      ['carol', 'admin'],
    ]);
  });

  it('adds, changes roles, removes and bans through the contract routes', async () => {
    const adding = store.add(BOB.id);
    const post = backend.expectOne({ method: 'POST', url: '/api/rooms/r/members' });
    expect(post.request.body).toEqual({ userId: BOB.id });
    post.flush(aMember(BOB));
    await adding;
    expect(store.members().some((m) => m.user.id === BOB.id)).toBe(true);

    const promoting = store.setRole(BOB.id, 'admin');
    const patch = backend.expectOne({ method: 'PATCH', url: `/api/rooms/r/members/${BOB.id}` });
    expect(patch.request.body).toEqual({ role: 'admin' });
    patch.flush(aMember(BOB, 'admin'));
    await promoting;

    const banning = store.ban(BOB.id);
    backend.expectOne({ method: 'PUT', url: `/api/rooms/r/bans/${BOB.id}` }).flush(null);
    await banning;
    const removing = store.remove(CAROL.id);
    backend.expectOne({ method: 'DELETE', url: `/api/rooms/r/members/${CAROL.id}` }).flush(null);
    await removing;
    expect(store.members().map((m) => m.user.username)).toEqual(['alice', 'dave']);
  });

  it('shows the server sentence of a refused action', async () => {
    const demoting = store.setRole(ALICE.id, 'member');
    backend
      .expectOne(`/api/rooms/r/members/${ALICE.id}`)
      .flush(
        { statusCode: 409, message: 'A room must keep an owner', error: 'Conflict' },
        { status: 409, statusText: 'Conflict' },
      );
    await demoting;
    expect(store.error()).toBe('A room must keep an owner');
    expect(store.members().find((m) => m.user.id === ALICE.id)?.role).toBe('owner');
  });
});
