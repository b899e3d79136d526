import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { ChatSocketService } from '../../core/realtime/chat-socket.service';
import { ALICE, nextTurn, setUpChatTestBed } from '../../testing/chat-test-bed';
import { FakeSocket } from '../../testing/fake-socket';
import { aMessage } from '../../testing/messages';
import { aDirectRoom, aRoom, BOB } from '../../testing/rooms';
import { COUNTS_REFRESH_MS, RoomsStore } from './rooms.store';

const room = (id: string, lastSeq = 0) => aRoom(id, { lastSeq });

describe('RoomsStore', () => {
  let backend: HttpTestingController;
  let sockets: FakeSocket[];
  let store: RoomsStore;

  beforeEach(() => {
    ({ backend, sockets } = setUpChatTestBed());
    store = TestBed.inject(RoomsStore);
  });

  async function loaded(rooms = [room('a'), room('b'), room('c')]): Promise<void> {
    const loading = store.load();
    backend.expectOne('/api/rooms').flush(rooms);
    await loading;
  }

  function live(): FakeSocket {
    const socket = TestBed.inject(ChatSocketService);
    socket.connect();
    store.listen(socket);
    sockets[0].serverConnects();
    return sockets[0];
  }

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
    await loaded();

    store.upsert(room('d'));
    store.upsert(room('d'));
    expect(store.rooms().map((r) => r.id)).toEqual(['d', 'a', 'b', 'c']);

    store.noteMessage({
      id: 'm',
      roomId: 'c',
      seq: 1,
      body: 'hi',
      sender: {
        id: ALICE.id,
        username: ALICE.username,
        displayName: ALICE.username,
        avatarUrl: null,
      },
      clientMsgId: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      version: 0,
      editedAt: null,
      deletedAt: null,
      replyTo: null,
      mentions: [],
      reactions: [],
      files: [],
    });
    expect(store.rooms().map((r) => [r.id, r.lastSeq])).toEqual([
      ['c', 1],
      ['d', 0],
      ['a', 0],
      ['b', 0],
    ]);
  });

  it('sends kind only for a private room (public is the default)', async () => {
    const draft = { name: 'x', description: '' };
    const publicRoom = store.create({ ...draft, kind: 'public' });
    const publicPost = backend.expectOne('/api/rooms');
    expect(publicPost.request.body).toEqual(draft);
    publicPost.flush(aRoom('q'));
    await publicRoom;

    const privateRoom = store.create({ ...draft, kind: 'private' });
    const privatePost = backend.expectOne('/api/rooms');
    expect(privatePost.request.body).toEqual({ ...draft, kind: 'private' });
    privatePost.flush(aRoom('p', { kind: 'private', membership: undefined }));
    await privateRoom;
    expect(store.find('p')?.membership?.role).toBe('owner');
  });

  it('shows a room added to me at once, and a public room created by others only to browse', async () => {
    await loaded([]);
    const socket = live();
    socket.play('room:added', aRoom('secret', { kind: 'private' }));
    const created = aRoom('lobby');
    delete created.membership;
    socket.play('room:created', created);
    expect(store.sections().rooms.map((r) => r.id)).toEqual(['secret']);
    expect(store.sections().browse.map((r) => r.id)).toEqual(['lobby']);
  });

  it('renames in place on room:updated, keeping my membership', async () => {
    await loaded([
      room('a'),
      aRoom('b', { membership: { ...room('b').membership!, role: 'admin' } }),
    ]);
    const socket = live();
    const renamed = aRoom('b', { name: 'new name', description: 'new description' });
    delete renamed.membership;
    socket.play('room:updated', renamed);
    expect(store.rooms().map((r) => r.id)).toEqual(['a', 'b']);
    expect(store.find('b')).toMatchObject({
      name: 'new name',
      description: 'new description',
      membership: { role: 'admin' },
    });
  });

  it('tells me I was removed from the room I am looking at, and leaves it', async () => {
    await loaded([aRoom('a', { name: 'design' })]);
    const socket = live();
    const router = TestBed.inject(Router);
    Object.defineProperty(router, 'url', { get: () => '/rooms/a' });
    const navigate = vi.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
    socket.play('room:removed', { roomId: 'a' });
    await nextTurn();
    expect(store.rooms()).toEqual([]);
    expect(store.removalNotice()).toBe('You were removed from #design.');
    expect(navigate).toHaveBeenCalledWith('/rooms');
  });

  it('says nothing when I left the room myself', async () => {
    await loaded([aRoom('a')]);
    const socket = live();
    const leaving = store.leave('a');
    socket.play('room:removed', { roomId: 'a' });
    backend.expectOne({ method: 'DELETE', url: '/api/rooms/a/members/me' }).flush(null);
    await leaving;
    expect(store.rooms()).toEqual([]);
    expect(store.removalNotice()).toBe('');
  });

  it('passes the 409 of a last owner to the caller and keeps the room', async () => {
    await loaded([aRoom('a')]);
    const leaving = store.leave('a');
    backend
      .expectOne('/api/rooms/a/members/me')
      .flush(
        { statusCode: 409, message: 'The room must keep an owner', error: 'Conflict' },
        { status: 409, statusText: 'Conflict' },
      );
    await expect(leaving).rejects.toMatchObject({ status: 409 });
    expect(store.find('a')).toBeDefined();
  });

  it('keeps my role when a join ack names no membership, and makes a joiner of a public room a member', async () => {
    const owned = aRoom('a', { membership: { ...aRoom('a').membership!, role: 'owner' } });
    await loaded([owned, aRoom('b', { membership: null })]);
    store.noteJoined(aRoom('a', { membership: null }));
    store.noteJoined(aRoom('b', { membership: null }));
    expect(store.find('a')?.membership?.role).toBe('owner');
    expect(store.find('b')?.membership?.role).toBe('member');
    expect(store.sections().rooms.map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('shows my new role when the room says it changed', async () => {
    await loaded([aRoom('a')]);
    const socket = live();
    socket.play('room:member', {
      roomId: 'a',
      userId: ALICE.id,
      member: {
        user: {
          id: ALICE.id,
          username: ALICE.username,
          displayName: ALICE.username,
          avatarUrl: null,
        },
        role: 'admin',
        joinedAt: '',
      },
    });
    expect(store.find('a')?.membership?.role).toBe('admin');
  });

  describe('unread counts of every member room, live', () => {
    const unread = (n: number, mentions = 0) => ({
      role: 'member' as const,
      lastReadSeq: 10 - n,
      unread: n,
      mentions,
      notify: 'mentions' as const,
    });
    const mentioning = [{ id: ALICE.id, username: ALICE.username }];

    it('counts a message from someone else, and a mention of me among them; never mine', async () => {
      await loaded([aRoom('a', { lastSeq: 10, membership: unread(3, 1) })]);
      const socket = live();
      socket.play('message:new', aMessage(11, { roomId: 'a', sender: BOB }));
      expect(store.find('a')?.membership).toMatchObject({ unread: 4, mentions: 1 });
      socket.play('message:new', aMessage(12, { roomId: 'a', sender: BOB, mentions: mentioning }));
      expect(store.find('a')).toMatchObject({
        lastSeq: 12,
        membership: { unread: 5, mentions: 2 },
      });
      socket.play('message:new', aMessage(13, { roomId: 'a', sender: ALICE }));
      expect(store.find('a')).toMatchObject({
        lastSeq: 13,
        membership: { unread: 5, mentions: 2 },
      });
    });

    it('counts every message of a direct room as a mention', async () => {
      await loaded([{ ...aDirectRoom('d', [BOB]), lastSeq: 2 }]);
      const socket = live();
      socket.play('message:new', aMessage(3, { roomId: 'd', sender: BOB }));
      expect(store.find('d')?.membership).toMatchObject({ unread: 1, mentions: 1 });
    });

    it('does not count again a message the room list already counted', async () => {
      await loaded([aRoom('a', { lastSeq: 10, membership: unread(3) })]);
      const socket = live();
      socket.play('message:new', aMessage(10, { roomId: 'a', sender: BOB }));
      socket.play('message:new', aMessage(11, { roomId: 'a', sender: BOB }));
      socket.play('message:new', aMessage(11, { roomId: 'a', sender: BOB }));
      expect(store.find('a')?.membership?.unread).toBe(4);
    });

    it('reads the counts again once deletions and edits after the marker settle', async () => {
      await loaded([aRoom('a', { lastSeq: 10, membership: unread(3, 1) })]);
      const socket = live();
      vi.useFakeTimers();
      try {
        const gone = { deletedAt: '2026-01-01T10:01:00.000Z', version: 1 };
        socket.play('message:updated', aMessage(9, { roomId: 'a', sender: BOB, ...gone }));
        socket.play('message:updated', aMessage(10, { roomId: 'a', sender: BOB, ...gone }));
        // A reaction, or a change before the marker, cannot move the counts.
        socket.play('message:updated', aMessage(8, { roomId: 'a', sender: BOB, version: 3 }));
        socket.play('message:updated', aMessage(2, { roomId: 'a', sender: BOB, ...gone }));
        vi.advanceTimersByTime(COUNTS_REFRESH_MS);
      } finally {
        vi.useRealTimers();
      }
      backend
        .expectOne('/api/rooms/a')
        .flush(aRoom('a', { lastSeq: 10, membership: { ...unread(1, 0), lastReadSeq: 7 } }));
      await nextTurn();
      expect(store.find('a')?.membership).toMatchObject({ unread: 1, mentions: 0 });
    });

    it('reads the list again once the socket is in every member room, keeping what came live meanwhile', async () => {
      await loaded([
        aRoom('a', { lastSeq: 10, membership: unread(0) }),
        aRoom('b', { lastSeq: 5 }),
      ]);
      const service = TestBed.inject(ChatSocketService);
      const socket = live();
      service.keepJoined(store.memberIds());
      for (const join of socket.pending('room:join')) join.reply({ ok: true });
      await nextTurn();
      const list = backend.expectOne('/api/rooms');
      // Read before message 12 of 'a' was committed; 12 arrives before the reply.
      socket.play('message:new', aMessage(12, { roomId: 'a', sender: BOB }));
      list.flush([
        aRoom('a', { lastSeq: 11, membership: { ...unread(1), lastReadSeq: 10 } }),
        aRoom('b', { lastSeq: 7, membership: { ...unread(2), lastReadSeq: 5 } }),
      ]);
      await nextTurn();
      expect(store.find('a')).toMatchObject({ lastSeq: 12, membership: { unread: 2 } });
      expect(store.find('b')).toMatchObject({ lastSeq: 7, membership: { unread: 2 } });
    });
  });
});
