import type { Message } from '../core/api/api-types';

/** The v2 fields of a message that nothing has changed yet; tests spread their own on top. */
export const UNCHANGED = {
  version: 0,
  editedAt: null,
  deletedAt: null,
  replyTo: null,
  mentions: [],
  reactions: [],
  files: [],
} satisfies Partial<Message>;

/** A stored message; tests state only what they care about. */
export function aMessage(seq: number, overrides: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`,
    roomId: 'room',
    seq,
    body: `body ${seq}`,
    sender: { id: 'u1', username: 'u1', displayName: 'u1', avatarUrl: null },
    clientMsgId: null,
    createdAt: '2026-01-01T10:00:00.000Z',
    ...UNCHANGED,
    ...overrides,
  };
}
