import type { Message } from '../../core/api/api-types';

/**
 * Adds messages to a seq-ordered list: repeats (the same seq arriving live and in a
 * catch-up) are dropped, order is by seq whatever order they came in. A message already held
 * is replaced only by a higher `version` (a later edit, deletion or reaction change), so
 * applying the same change twice, or an older copy after a newer one, changes nothing.
 */
export function mergeBySeq(current: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return current;
  const last = current.at(-1);
  // The common case, one new message after the newest: no re-sort.
  if (incoming.length === 1 && (!last || incoming[0].seq > last.seq))
    return [...current, incoming[0]];
  const bySeq = new Map(current.map((m) => [m.seq, m]));
  let isChanged = false;
  for (const message of incoming) {
    const held = bySeq.get(message.seq);
    if (held && !isNewer(message, held)) continue;
    bySeq.set(message.seq, message);
    isChanged = true;
  }
  return isChanged ? [...bySeq.values()].sort((a, b) => a.seq - b.seq) : current;
}

/** True when `incoming` is a later state of `held` than the one held. */
export function isNewer(incoming: Message, held: Message): boolean {
  return incoming.version > held.version;
}

/**
 * Applies changed messages (edits, deletions, reactions) to the ones held, by version; a
 * changed message that is not held is left out (it is loaded, as it is then, with its page).
 */
export function applyChanged(current: Message[], changed: Message[]): Message[] {
  if (changed.length === 0) return current;
  const held = new Map(current.map((m, i) => [m.seq, i]));
  let next = current;
  for (const message of changed) {
    const index = held.get(message.seq);
    if (index === undefined || !isNewer(message, next[index])) continue;
    if (next === current) next = [...current];
    next[index] = message;
  }
  return next;
}

/** Two messages from one sender this close together are shown as one group. */
const GROUP_WINDOW_MS = 5 * 60_000;

export function startsGroup(previous: Message | undefined, message: Message): boolean {
  return (
    !previous ||
    dayOf(previous.createdAt) !== dayOf(message.createdAt) ||
    previous.sender.id !== message.sender.id ||
    Date.parse(message.createdAt) - Date.parse(previous.createdAt) > GROUP_WINDOW_MS
  );
}

/** The local calendar day of a time, as `YYYY-M-D`. */
function dayOf(time: string): string {
  const date = new Date(time);
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

/**
 * The divider above `message` when it is the first of its (local) day in the list: "Today",
 * "Yesterday", or the date; null within a day.
 */
export function dayDivider(
  previous: Message | undefined,
  message: Message,
  now = new Date(),
  locale?: string,
): string | null {
  const day = dayOf(message.createdAt);
  if (previous && dayOf(previous.createdAt) === day) return null;
  if (day === dayOf(now.toISOString())) return 'Today';
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (day === dayOf(yesterday.toISOString())) return 'Yesterday';
  const date = new Date(message.createdAt);
  return date.toLocaleDateString(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(date.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }),
  });
}
