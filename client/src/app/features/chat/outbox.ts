/**
 * Messages this client has sent but the server has not yet confirmed. A message is
 * `pending` until its ack (or its own `message:new`) arrives, and `failed` when the server
 * refused it or the ack did not come in time; retrying sends it again with the same
 * clientMsgId, so the server stores it once however many attempts reach it.
 */
export type OutgoingStatus = 'pending' | 'failed';

export interface OutgoingMessage {
  clientMsgId: string;
  roomId: string;
  body: string;
  /** The message it answers, with what the composer showed of it. */
  replyTo?: { id: string; username: string; body: string };
  createdAt: string;
  status: OutgoingStatus;
  /** Why it failed, for the person to read. */
  error?: string;
}

export function draft(
  roomId: string,
  body: string,
  clientMsgId: string = crypto.randomUUID(),
  replyTo?: OutgoingMessage['replyTo'],
): OutgoingMessage {
  return {
    clientMsgId,
    roomId,
    body,
    ...(replyTo ? { replyTo } : {}),
    createdAt: new Date().toISOString(),
    status: 'pending',
  };
}

export function markFailed(
  list: OutgoingMessage[],
  clientMsgId: string,
  error: string,
): OutgoingMessage[] {
  return list.map((m) => (m.clientMsgId === clientMsgId ? { ...m, status: 'failed', error } : m));
}

export function markPending(list: OutgoingMessage[], clientMsgId: string): OutgoingMessage[] {
  return list.map((m) =>
    m.clientMsgId === clientMsgId ? { ...m, status: 'pending', error: undefined } : m,
  );
}

/** Drops the messages the server has confirmed (by their clientMsgIds). */
export function settle(list: OutgoingMessage[], confirmed: ReadonlySet<string>): OutgoingMessage[] {
  const remaining = list.filter((m) => !confirmed.has(m.clientMsgId));
  return remaining.length === list.length ? list : remaining;
}
