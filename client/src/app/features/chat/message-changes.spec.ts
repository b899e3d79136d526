import { aMessage } from '../../testing/messages';
import {
  enqueue,
  hasReacted,
  MessageChange,
  reactedBy,
  setReaction,
  tombstone,
  withdraw,
  withPending,
} from './message-changes';
import { applyChanged, mergeBySeq } from './message-timeline';

const react = (messageId: string, emoji: string, on: boolean): MessageChange => ({
  kind: 'react',
  roomId: 'room',
  messageId,
  emoji,
  on,
});

describe('applying changes by version', () => {
  it('replaces a held message only with a higher version, so repeats and stale copies change nothing', () => {
    const held = [aMessage(1), aMessage(2, { body: 'v2', version: 2 })];
    const edited = aMessage(2, { body: 'v3', version: 3 });
    const once = applyChanged(held, [edited]);
    expect(once.map((m) => m.body)).toEqual(['body 1', 'v3']);
    expect(applyChanged(once, [edited])).toBe(once);
    expect(applyChanged(once, [aMessage(2, { body: 'stale', version: 1 })])).toBe(once);
    expect(mergeBySeq(once, [aMessage(2, { body: 'again', version: 3 })])).toBe(once);
  });

  it('leaves out a changed message that is not held (its page brings it as it is)', () => {
    const held = [aMessage(5)];
    expect(applyChanged(held, [aMessage(9, { version: 4 })])).toBe(held);
  });

  it('a tombstone is a higher version: it replaces the message, whose body, reactions and reply are gone', () => {
    const message = aMessage(3, {
      version: 1,
      reactions: [{ emoji: '👍', count: 1, userIds: ['u1'] }],
      replyTo: {
        id: 'm1',
        seq: 1,
        sender: { id: 'u1', username: 'u1', displayName: 'u1', avatarUrl: null },
        body: 'x',
        deletedAt: null,
      },
    });
    const deleted = { ...tombstone(message, '2026-01-01T11:00:00.000Z'), version: 2 };
    const [shown] = applyChanged([message], [deleted]);
    expect(shown).toMatchObject({ seq: 3, body: '', reactions: [], replyTo: null });
    expect(shown.deletedAt).not.toBeNull();
    // A late copy from before the deletion does not bring it back.
    expect(applyChanged([shown], [message])[0].deletedAt).not.toBeNull();
  });
});

describe('reactions', () => {
  const thumbs = [{ emoji: '👍', count: 2, userIds: ['u1', 'u2'] }];

  it('sets on and off by user, and is unchanged when already so', () => {
    expect(setReaction(thumbs, '👍', 'u3', true)).toEqual([
      { emoji: '👍', count: 3, userIds: ['u1', 'u2', 'u3'] },
    ]);
    expect(setReaction(thumbs, '👍', 'u1', false)).toEqual([
      { emoji: '👍', count: 1, userIds: ['u2'] },
    ]);
    expect(setReaction(thumbs, '👍', 'u1', true)).toBe(thumbs);
    expect(setReaction(thumbs, '🎉', 'u1', false)).toBe(thumbs);
  });

  it('adds a new emoji at the end and drops one nobody holds any more', () => {
    const two = setReaction(thumbs, '🎉', 'u1', true);
    expect(two.map((r) => r.emoji)).toEqual(['👍', '🎉']);
    expect(setReaction(two, '🎉', 'u1', false)).toEqual(thumbs);
  });

  it('knows whether I reacted', () => {
    const message = aMessage(1, { reactions: thumbs });
    expect(hasReacted(message, '👍', 'u2')).toBe(true);
    expect(hasReacted(message, '👍', 'u9')).toBe(false);
    expect(hasReacted(message, '👍', undefined)).toBe(false);
  });

  it('names who reacted from what the client knows, counting the rest', () => {
    const names = new Map([
      ['u1', 'alice'],
      ['u2', 'bob'],
    ]);
    const r = (userIds: string[]) => ({ emoji: '👍', count: userIds.length, userIds });
    expect(reactedBy(r(['u1', 'u2']), names, 'u9')).toBe('alice and bob');
    expect(reactedBy(r(['u1', 'u2']), names, 'u1')).toBe('you and bob');
    expect(reactedBy(r(['u1', 'x', 'y']), names, undefined)).toBe('alice and 2 others');
    expect(reactedBy(r(['x', 'y', 'z']), names, undefined)).toBe('3 people');
    expect(reactedBy(r(['x']), names, undefined)).toBe('1 person');
  });
});

describe('pending changes', () => {
  it('the last reaction state of a thing wins while unsent; one in flight is kept', () => {
    let list = enqueue([], react('m1', '👍', true), 'a');
    list = enqueue(list, react('m1', '👍', false), 'b');
    expect(list.map((p) => p.id)).toEqual(['b']);
    list = [{ ...list[0], isSending: true }];
    list = enqueue(list, react('m1', '👍', true), 'c');
    expect(list.map((p) => p.id)).toEqual(['b', 'c']);
  });

  it('withdrawing drops an unsent change of that thing, but corrects one on its way', () => {
    const unsent = enqueue([], react('m1', '👍', true), 'a');
    expect(withdraw(unsent, react('m1', '👍', false), 'b')).toEqual([]);
    const sending = [{ ...unsent[0], isSending: true }];
    expect(withdraw(sending, react('m1', '👍', false), 'b').map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('a deletion makes unsent edits and reactions of that message needless', () => {
    let list = enqueue([], { kind: 'edit', roomId: 'room', messageId: 'm1', body: 'x' }, 'a');
    list = enqueue(list, react('m1', '👍', true), 'b');
    list = enqueue(list, react('m2', '👍', true), 'c');
    list = enqueue(list, { kind: 'delete', roomId: 'room', messageId: 'm1' }, 'd');
    expect(list.map((p) => p.id)).toEqual(['c', 'd']);
  });

  it('shows unacknowledged changes on top of the stored messages', () => {
    const messages = [aMessage(1), aMessage(2), aMessage(3)];
    const pending = [
      { id: 'a', change: { kind: 'edit', roomId: 'room', messageId: 'm1', body: 'fixed' } },
      { id: 'b', change: react('m2', '👍', true) },
      { id: 'c', change: { kind: 'delete', roomId: 'room', messageId: 'm3' } },
    ].map((p) => ({ ...p, isSending: false }) as const) as Parameters<typeof withPending>[1];
    const shown = withPending(messages, pending, 'me');
    expect(shown[0]).toMatchObject({ body: 'fixed' });
    expect(shown[0].editedAt).not.toBeNull();
    expect(shown[1].reactions).toEqual([{ emoji: '👍', count: 1, userIds: ['me'] }]);
    expect(shown[2]).toMatchObject({ body: '' });
    expect(shown[2].deletedAt).not.toBeNull();
    expect(withPending(messages, [], 'me')).toBe(messages);
  });
});
