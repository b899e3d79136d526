import type { Message } from '../../core/api/api-types';
import type { ChatReaction } from '../../core/realtime/chat-events';

/**
 * Changes this client makes to stored messages: edits, deletions and reactions. Each waits in
 * the outbox until the server acknowledges it and is shown meanwhile as if it were done, on
 * top of the stored message. Sending one again is harmless (the same body is no change, a
 * deletion stays done, a reaction is set on or off, not toggled), so a change whose ack was
 * lost may go out again after a reconnect.
 */
export type MessageChange =
  | { kind: 'edit'; roomId: string; messageId: string; body: string }
  | { kind: 'delete'; roomId: string; messageId: string }
  | { kind: 'react'; roomId: string; messageId: string; emoji: string; on: boolean };

export interface PendingChange {
  id: string;
  change: MessageChange;
  /** On its way to the server: a newer change of the same thing is queued after it. */
  isSending: boolean;
}

/** Two changes of the same thing: a later one makes an earlier one (not yet sent) needless. */
function target(change: MessageChange): string {
  return change.kind === 'react'
    ? `react:${change.messageId}:${change.emoji}`
    : `${change.kind}:${change.messageId}`;
}

/**
 * Queues a change: it replaces a queued, unsent change of the same thing (the last edit or
 * reaction state wins), and a deletion makes every unsent change of that message needless.
 */
export function enqueue(
  list: PendingChange[],
  change: MessageChange,
  id: string = crypto.randomUUID(),
): PendingChange[] {
  const key = target(change);
  const kept = list.filter(
    (p) =>
      p.isSending ||
      (target(p.change) !== key &&
        !(change.kind === 'delete' && p.change.messageId === change.messageId)),
  );
  return [...kept, { id, change, isSending: false }];
}

/**
 * Takes back a change that would leave the stored message as it is (a reaction set on and
 * off again while offline): drops the unsent ones of that thing, or, when one is on its way,
 * queues this one after it to put things back.
 */
export function withdraw(
  list: PendingChange[],
  change: MessageChange,
  id: string = crypto.randomUUID(),
): PendingChange[] {
  const key = target(change);
  if (list.some((p) => p.isSending && target(p.change) === key)) return enqueue(list, change, id);
  const kept = list.filter((p) => target(p.change) !== key);
  return kept.length === list.length ? list : kept;
}

export function hasReacted(message: Message, emoji: string, userId: string | undefined): boolean {
  return !!userId && !!message.reactions.find((r) => r.emoji === emoji)?.userIds.includes(userId);
}

/** The reactions with `userId` set on or off for `emoji`; the same list when that is so already. */
export function setReaction(
  reactions: ChatReaction[],
  emoji: string,
  userId: string,
  on: boolean,
): ChatReaction[] {
  const held = reactions.find((r) => r.emoji === emoji);
  const isOn = !!held?.userIds.includes(userId);
  if (isOn === on) return reactions;
  if (on && !held) return [...reactions, { emoji, count: 1, userIds: [userId] }];
  return reactions
    .map((r) => {
      if (r.emoji !== emoji) return r;
      const userIds = on ? [...r.userIds, userId] : r.userIds.filter((id) => id !== userId);
      return { ...r, userIds, count: userIds.length };
    })
    .filter((r) => r.count > 0);
}

/** The message as it will be once `change` is done. */
export function applyChange(message: Message, change: MessageChange, myId: string): Message {
  if (message.deletedAt) return message;
  switch (change.kind) {
    case 'edit':
      return message.body === change.body
        ? message
        : { ...message, body: change.body, editedAt: message.editedAt ?? new Date().toISOString() };
    case 'delete':
      return tombstone(message, new Date().toISOString());
    case 'react':
      return {
        ...message,
        reactions: setReaction(message.reactions, change.emoji, myId, change.on),
      };
  }
}

/** What the server keeps of a deleted message. */
export function tombstone(message: Message, deletedAt: string): Message {
  return {
    ...message,
    body: '',
    deletedAt,
    mentions: [],
    reactions: [],
    files: [],
    replyTo: null,
  };
}

/** The stored messages with this client's unacknowledged changes shown on top. */
export function withPending(
  messages: Message[],
  pending: PendingChange[],
  myId: string | undefined,
): Message[] {
  if (pending.length === 0 || !myId) return messages;
  const byMessage = new Map<string, MessageChange[]>();
  for (const { change } of pending) {
    byMessage.set(change.messageId, [...(byMessage.get(change.messageId) ?? []), change]);
  }
  return messages.map((message) =>
    (byMessage.get(message.id) ?? []).reduce((m, change) => applyChange(m, change, myId), message),
  );
}

/**
 * Who reacted, in words, for a chip's tooltip: names the client knows, the rest counted
 * ("alice, bob and 2 others"; "3 people" when it knows none of them).
 */
export function reactedBy(
  reaction: ChatReaction,
  names: ReadonlyMap<string, string>,
  myId: string | undefined,
): string {
  const known = reaction.userIds
    .map((id) => (id === myId ? 'you' : names.get(id)))
    .filter((name): name is string => !!name);
  const others = reaction.count - known.length;
  if (known.length === 0) return `${reaction.count} ${reaction.count === 1 ? 'person' : 'people'}`;
  if (others > 0) return `${known.join(', ')} and ${others} ${others === 1 ? 'other' : 'others'}`;
  if (known.length === 1) return known[0];
  return `${known.slice(0, -1).join(', ')} and ${known.at(-1)}`;
}
