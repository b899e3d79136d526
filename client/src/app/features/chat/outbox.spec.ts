import { draft, markFailed, markPending, settle } from './outbox';

describe('outbox', () => {
  it('a new message is pending, with its own clientMsgId', () => {
    const a = draft('room', 'hello');
    const b = draft('room', 'hello');
    expect(a).toMatchObject({ roomId: 'room', body: 'hello', status: 'pending' });
    expect(a.clientMsgId).not.toBe(b.clientMsgId);
  });

  it('fails and retries one message, keeping its clientMsgId and its place', () => {
    const list = [draft('room', 'one', 'k1'), draft('room', 'two', 'k2')];
    const failed = markFailed(list, 'k1', 'no answer');
    expect(failed.map((m) => [m.clientMsgId, m.status, m.error])).toEqual([
      ['k1', 'failed', 'no answer'],
      ['k2', 'pending', undefined],
    ]);
    const retried = markPending(failed, 'k1');
    expect(retried[0]).toMatchObject({ clientMsgId: 'k1', status: 'pending', error: undefined });
  });

  it('settles confirmed messages, whatever their status', () => {
    const list = markFailed([draft('room', 'one', 'k1'), draft('room', 'two', 'k2')], 'k1', 'x');
    expect(settle(list, new Set(['k1'])).map((m) => m.clientMsgId)).toEqual(['k2']);
    expect(settle(list, new Set(['other']))).toBe(list);
  });
});
