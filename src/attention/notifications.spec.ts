import type { MessageResponseDto } from '../messages/dto/message-response.dto';
import type { NotifyTarget } from './attention.repository';
import { notificationsOf } from './notifications';

const message = (roomId: string, mentions: string[] = []): MessageResponseDto =>
  ({
    id: 'm',
    roomId,
    seq: 1,
    body: 'hi',
    sender: { id: 'sender', username: 'sender' },
    mentions: mentions.map((id) => ({ id, username: id })),
  }) as MessageResponseDto;

const target = (
  userId: string,
  notify: NotifyTarget['notify'],
  kind: NotifyTarget['kind'] = 'public',
  roomId = 'r',
): NotifyTarget => ({ roomId, userId, kind, notify });

function reasons(msg: MessageResponseDto, targets: NotifyTarget[]): Record<string, string> {
  const byUser: Record<string, string> = {};
  for (const n of notificationsOf(msg, targets)) for (const id of n.userIds) byUser[id] = n.reason;
  return byUser;
}

describe('notificationsOf', () => {
  it('follows the notify level in a room', () => {
    const targets = [
      target('all', 'all'),
      target('allMentioned', 'all'),
      target('mentions', 'mentions'),
      target('mentioned', 'mentions'),
      target('none', 'none'),
      target('noneMentioned', 'none'),
      target('sender', 'all'),
      target('otherRoom', 'all', 'public', 'elsewhere'),
    ];
    expect(reasons(message('r', ['allMentioned', 'mentioned', 'noneMentioned']), targets)).toEqual({
      all: 'message',
      allMentioned: 'mention',
      mentioned: 'mention',
    });
  });

  it('tells every unmuted participant of a direct room, as direct', () => {
    const targets = [
      target('a', 'all', 'direct'),
      target('b', 'mentions', 'direct'),
      target('c', 'none', 'direct'),
    ];
    expect(reasons(message('r'), targets)).toEqual({ a: 'direct', b: 'direct' });
  });

  it('tells a participant of a direct room mentioned in it of a mention, the others as direct', () => {
    const targets = [
      target('named', 'all', 'direct'),
      target('other', 'mentions', 'direct'),
      target('mutedNamed', 'none', 'direct'),
    ];
    expect(reasons(message('r', ['named', 'mutedNamed']), targets)).toEqual({
      named: 'mention',
      other: 'direct',
    });
  });

  it('sends one notification per reason, naming every recipient', () => {
    const found = notificationsOf(message('r', ['x']), [
      target('x', 'mentions'),
      target('y', 'all'),
      target('z', 'all'),
    ]);
    expect(found.map((n) => [n.reason, n.userIds])).toEqual([
      ['mention', ['x']],
      ['message', ['y', 'z']],
    ]);
  });
});
