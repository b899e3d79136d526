import { GroupChanges, MessageBeforeChanges } from './group-changes';
import type { MessageChange } from './message-writer';
import type { StoredMessage } from './message-view';

const ROOM = 'room-1';
const ALICE = 'alice-id';
const BOB = 'bob-id';
const at = new Date('2026-12-07T10:00:00Z');

function stored(id: string, fields: Partial<StoredMessage> = {}): MessageBeforeChanges {
  return {
    message: {
      id,
      roomId: ROOM,
      seq: 1,
      body: `body of ${id}`,
      senderId: ALICE,
      sender: { id: ALICE, username: 'alice', displayName: null, avatarKey: null },
      clientMsgId: null,
      createdAt: new Date('2026-12-07T09:00:00Z'),
      version: 0,
      editedAt: null,
      deletedAt: null,
      replyToId: null,
      ...fields,
    },
    reactions: [],
    replyTo: null,
  };
}

const change = { roomId: ROOM, actorId: ALICE, at };
const edit = (messageId: string, body: string): MessageChange => ({
  ...change,
  kind: 'edit',
  messageId,
  body,
  mentions: [],
});
const react = (messageId: string, on: boolean, actorId = ALICE): MessageChange => ({
  ...change,
  actorId,
  kind: 'reaction',
  messageId,
  emoji: '👍',
  on,
});
const remove = (messageId: string): MessageChange => ({
  ...change,
  kind: 'delete',
  messageId,
  isModerator: false,
});

function groupOf(lastChange: number, ...messages: MessageBeforeChanges[]): GroupChanges {
  return new GroupChanges(
    new Map([[ROOM, lastChange]]),
    new Map(messages.map((m) => [m.message.id, m])),
  );
}

describe('GroupChanges', () => {
  it('a second change of one message sees the first, and the message is written once', () => {
    const group = groupOf(7, stored('m1'));

    const outcomes = [group.apply(edit('m1', 'new body')), group.apply(react('m1', true))];

    expect(outcomes.map((o) => o.kind === 'changed' && o.view.message.version)).toEqual([8, 9]);
    const last = outcomes[1].kind === 'changed' ? outcomes[1].view : undefined;
    expect(last?.message.body).toBe('new body');
    expect(last?.reactions).toEqual([{ emoji: '👍', userId: ALICE, setIn: 9, emojiSince: 9 }]);
    const writes = group.writes();
    expect(writes.messages).toEqual([
      { kind: 'edited', id: 'm1', body: 'new body', editedAt: at, version: 9 },
    ]);
    expect(writes.revisions).toEqual([
      {
        messageId: 'm1',
        replacedIn: 8,
        body: 'body of m1',
        editedAt: stored('m1').message.createdAt,
      },
    ]);
    expect(writes.lastChanges).toEqual(new Map([[ROOM, 9]]));
  });

  it('a reaction set and unset in one group takes two numbers and writes no reaction row', () => {
    const group = groupOf(0, stored('m1'));

    group.apply(react('m1', true));
    const off = group.apply(react('m1', false));

    expect(off).toMatchObject({ kind: 'changed', view: { reactions: [] } });
    const writes = group.writes();
    expect(writes.reactionsSet).toEqual([]);
    expect(writes.reactionsRemoved).toEqual([]);
    expect(writes.messages).toEqual([{ kind: 'versioned', id: 'm1', version: 2 }]);
  });

  it('a stored reaction unset and set again is set again with its new number, not removed', () => {
    const before = stored('m1', { version: 3 });
    before.reactions = [{ emoji: '👍', userId: BOB, setIn: 3, emojiSince: 3 }];
    const group = groupOf(3, before);

    group.apply(react('m1', false, BOB));
    group.apply(react('m1', true, BOB));

    const writes = group.writes();
    expect(writes.reactionsRemoved).toEqual([]);
    expect(writes.reactionsSet).toEqual([
      { messageId: 'm1', userId: BOB, emoji: '👍', setIn: 5, emojiSince: 5, at },
    ]);
  });

  it('a message edited and then deleted in one group keeps no revision', () => {
    const group = groupOf(0, stored('m1'));

    group.apply(edit('m1', 'second thoughts'));
    group.apply(remove('m1'));

    const writes = group.writes();
    expect(writes.revisions).toEqual([]);
    expect(writes.cleared).toEqual(['m1']);
    expect(writes.messages).toEqual([{ kind: 'deleted', id: 'm1', deletedAt: at, version: 2 }]);
  });

  it('changes that change nothing take no number and write nothing', () => {
    const group = groupOf(4, stored('m1'), stored('m2', { deletedAt: at, body: '' }));

    const outcomes = [
      group.apply(edit('m1', 'body of m1')),
      group.apply(react('m1', false)),
      group.apply(remove('m2')),
      group.apply(react('m2', true)),
      group.apply(edit('missing', 'x')),
      group.apply({ ...edit('m1', 'x'), roomId: 'another-room' }),
      group.apply({ ...edit('m1', 'x'), actorId: BOB }),
    ];

    expect(outcomes.map((o) => o.kind)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'not-found',
      'not-found',
      'not-found',
      'forbidden',
    ]);
    expect(group.writes()).toMatchObject({ messages: [], lastChanges: new Map() });
  });

  it('a reply shows the quoted message as the group has left it so far', () => {
    const quoted = stored('m1', { body: 'original' });
    const reply = stored('m2', { senderId: BOB, replyToId: 'm1' });
    reply.replyTo = {
      id: 'm1',
      seq: 1,
      sender: quoted.message.sender,
      body: 'original',
      deletedAt: null,
    };
    const group = groupOf(0, quoted, reply);

    group.apply(edit('m1', 'corrected'));
    const afterEdit = group.apply(react('m2', true));
    group.apply(remove('m1'));
    const afterDelete = group.apply(react('m2', false));

    expect(afterEdit).toMatchObject({ view: { replyTo: { body: 'corrected', deletedAt: null } } });
    expect(afterDelete).toMatchObject({ view: { replyTo: { body: '', deletedAt: at } } });
  });
});
