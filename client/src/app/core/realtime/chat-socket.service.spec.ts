import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { FakeSocket } from '../../testing/fake-socket';
import { nextTurn, setUpChatTestBed, tokenPair } from '../../testing/chat-test-bed';
import { ChatSocketService } from './chat-socket.service';

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
});
