import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { FakeSocket } from '../../testing/fake-socket';
import { nextTurn, setUpChatTestBed, tokenPair } from '../../testing/chat-test-bed';
import { ChatSocketService, JOIN_CONCURRENCY } from './chat-socket.service';

describe('ChatSocketService', () => {
  let sockets: FakeSocket[];
  let backend: HttpTestingController;
  let service: ChatSocketService;

  beforeEach(() => {
    ({ sockets, backend } = setUpChatTestBed());
    service = TestBed.inject(ChatSocketService);
    service.connect();
  });

  const socket = () => sockets[0];

  it('sends the current access token at every (re)connect', () => {
    const sent: object[] = [];
    socket().auth((data) => sent.push(data));
    expect(sent).toEqual([{ token: 'access-1' }]);
  });

  it('reports its status as a signal', () => {
    expect(service.status()).toBe('connecting');
    socket().serverConnects();
    expect(service.status()).toBe('connected');
    socket().serverDrops();
    expect(service.status()).toBe('reconnecting');
  });

  it('refuses requests while offline instead of queueing them', async () => {
    await expect(service.request('typing', { roomId: 'r', isTyping: true })).rejects.toThrow(
      'offline',
    );
  });

  it('joins again after a reconnect, with afterSeq = the last seq held then', async () => {
    let lastSeq = 4;
    const replies: unknown[] = [];
    socket().serverConnects();
    service.join(
      'room-1',
      () => lastSeq,
      (reply) => replies.push(reply),
    );

    const first = socket().takeNext('room:join');
    expect(first.payload).toEqual({ roomId: 'room-1', afterSeq: 4 });
    first.reply({ ok: true, missed: [] });
    await nextTurn();

    lastSeq = 9;
    socket().serverDrops();
    socket().serverConnects();
    const again = socket().takeNext('room:join');
    expect(again.payload).toEqual({ roomId: 'room-1', afterSeq: 9 });
    again.reply({ ok: true, missed: ['m10'] });
    await nextTurn();
    expect(replies).toEqual([
      { ok: true, missed: [] },
      { ok: true, missed: ['m10'] },
    ]);
  });

  it('joins again when the server says it is joining too fast, after the time it names', async () => {
    vi.useFakeTimers();
    try {
      const replies: unknown[] = [];
      socket().serverConnects();
      service.join(
        'room-1',
        () => 3,
        (reply) => replies.push(reply),
      );
      socket()
        .takeNext('room:join')
        .reply({ ok: false, error: { code: 'RATE_LIMITED', message: 'slow', retryAfterMs: 500 } });
      await vi.advanceTimersByTimeAsync(499);
      expect(socket().pending('room:join')).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      const again = socket().takeNext('room:join');
      expect(again.payload).toEqual({ roomId: 'room-1', afterSeq: 3 });
      again.reply({ ok: true, missed: [] });
      await vi.advanceTimersByTimeAsync(0);
      expect(replies).toEqual([{ ok: true, missed: [] }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not rejoin a room it left', () => {
    socket().serverConnects();
    service.join(
      'room-1',
      () => undefined,
      () => undefined,
    );
    service.leave('room-1');
    expect(
      socket()
        .pending('room:leave')
        .map((e) => e.payload),
    ).toEqual([{ roomId: 'room-1' }]);
    socket().serverDrops();
    socket().serverConnects();
    expect(socket().pending('room:join')).toHaveLength(1);
  });

  it('a refused token is refreshed once, then the socket connects again', async () => {
    const connect = vi.spyOn(socket(), 'connect');
    socket().play('connect_error', new Error('unauthorized'));
    backend.expectOne('/api/auth/refresh').flush(tokenPair(2));
    await nextTurn();
    expect(connect).toHaveBeenCalled();
    const sent: object[] = [];
    socket().auth((data) => sent.push(data));
    expect(sent).toEqual([{ token: 'access-2' }]);
  });

  it('a session revoked elsewhere ends here: the refresh fails and the session is forgotten', async () => {
    socket().serverConnects();
    socket().serverDrops('io server disconnect');
    backend.expectOne('/api/auth/refresh').flush(null, { status: 401, statusText: 'Unauthorized' });
    await nextTurn();
    expect(localStorage.getItem('chat.session')).toBeNull();
  });

  describe('every member room', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `room-${i}`);
    const joinedIds = () =>
      socket()
        .pending('room:join')
        .map((e) => e.payload.roomId);

    it('joins them all after connecting, a few at a time, the room on screen first with what it holds', async () => {
      let allIn = 0;
      service.onMemberRoomsJoined(() => allIn++);
      service.keepJoined(ids(500));
      service.join(
        'room-7',
        () => 70,
        () => undefined,
        () => 3,
      );
      socket().serverConnects();
      expect(socket().pending('room:join')).toHaveLength(JOIN_CONCURRENCY);
      expect(socket().pending('room:join')[0].payload).toEqual({
        roomId: 'room-7',
        afterSeq: 70,
        afterChange: 3,
      });
      expect(socket().pending('room:join')[1].payload).toEqual({ roomId: 'room-0' });
      const seen = new Set<string>();
      let rounds = 0;
      while (socket().pending('room:join').length > 0) {
        rounds++;
        expect(socket().pending('room:join').length).toBeLessThanOrEqual(JOIN_CONCURRENCY);
        for (const join of socket().emitted.splice(0)) {
          seen.add(join.payload.roomId);
          join.reply({ ok: true });
        }
        await nextTurn();
      }
      expect(seen.size).toBe(500);
      expect(rounds).toBe(Math.ceil(500 / JOIN_CONCURRENCY));
      expect(allIn).toBe(1);
    });

    it('tells that all are in only after the joins refused as too fast went through', async () => {
      vi.useFakeTimers();
      try {
        let allIn = 0;
        service.onMemberRoomsJoined(() => allIn++);
        service.keepJoined(ids(3));
        socket().serverConnects();
        const [first, second, third] = socket().emitted.splice(0);
        first.reply({ ok: true });
        second.reply({
          ok: false,
          error: { code: 'RATE_LIMITED', message: 'slow', retryAfterMs: 300 },
        });
        third.reply({ ok: true });
        await vi.advanceTimersByTimeAsync(299);
        expect(joinedIds()).toEqual([]);
        expect(allIn).toBe(0);
        await vi.advanceTimersByTimeAsync(1);
        expect(joinedIds()).toEqual(['room-1']);
        socket().takeNext('room:join').reply({ ok: true });
        await vi.advanceTimersByTimeAsync(0);
        expect(allIn).toBe(1);
      } finally {
        vi.useRealTimers();
      }
    });

    it('joins a room added later at once, and forgets one left', async () => {
      socket().serverConnects();
      service.keepJoined(['a']);
      socket().takeNext('room:join').reply({ ok: true });
      await nextTurn();
      service.keepJoined(['a', 'b']);
      expect(joinedIds()).toEqual(['b']);
      socket().takeNext('room:join').reply({ ok: true });
      await nextTurn();
      service.keepJoined(['b']);
      socket().serverDrops();
      socket().serverConnects();
      expect(joinedIds()).toEqual(['b']);
    });

    it('joins a room on screen once when the room list then names it a member room', () => {
      socket().serverConnects();
      service.join(
        'a',
        () => 5,
        () => undefined,
      );
      service.keepJoined(['a']);
      expect(joinedIds()).toEqual(['a']);
    });

    it('stays in a member room when it is no longer on screen', async () => {
      socket().serverConnects();
      service.keepJoined(['a']);
      socket().takeNext('room:join').reply({ ok: true });
      service.join(
        'a',
        () => 5,
        () => undefined,
      );
      socket().takeNext('room:join').reply({ ok: true });
      await nextTurn();
      service.leave('a');
      expect(socket().pending('room:leave')).toEqual([]);
      socket().serverDrops();
      socket().serverConnects();
      // Back in the background: nothing held to catch up from.
      expect(
        socket()
          .pending('room:join')
          .map((e) => e.payload),
      ).toEqual([{ roomId: 'a' }]);
    });
  });
});
