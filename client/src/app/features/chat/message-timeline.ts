import type { Message } from '../../core/api/api-types';

/**
 * Adds messages to a seq-ordered list: repeats (the same seq arriving live and in a
 * catch-up) are dropped, order is by seq whatever order they came in.
 */
export function mergeBySeq(current: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return current;
  const last = current.at(-1);
  // The common case, one new message after the newest: no re-sort.
  if (incoming.length === 1 && (!last || incoming[0].seq > last.seq))
    return [...current, incoming[0]];
  const bySeq = new Map(current.map((m) => [m.seq, m]));
  for (const message of incoming) bySeq.set(message.seq, message);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** Two messages from one sender this close together are shown as one group. */
const GROUP_WINDOW_MS = 5 * 60_000;

export function startsGroup(previous: Message | undefined, message: Message): boolean {
  return (
    !previous ||
    previous.sender.id !== message.sender.id ||
    Date.parse(message.createdAt) - Date.parse(previous.createdAt) > GROUP_WINDOW_MS
  );
}
