/**
 * Messages this client has sent but the server has not yet confirmed. A message is
 * `pending` until its ack (or its own `message:new`) arrives, and `failed` when the server
 * refused it or the ack did not come in time; retrying sends it again with the same
 * clientMsgId, so the server stores it once however many attempts reach it.
 */
export type OutgoingStatus = 'pending' | 'failed';

/** What the pending message shows of an uploaded file (a File of the contract). */
export interface OutgoingFile {
  id: string;
  name: string;
  size: number;
}

export interface OutgoingMessage {
  clientMsgId: string;
  roomId: string;
  body: string;
  /** The message it answers, with what the composer showed of it. */
  replyTo?: { id: string; username: string; body: string };
  /** Uploaded files it carries (by id on the wire). */
  files?: OutgoingFile[];
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
  files?: OutgoingFile[],
): OutgoingMessage {
  return {
    clientMsgId,
    roomId,
    body,
    ...(replyTo ? { replyTo } : {}),
    ...(files && files.length > 0 ? { files } : {}),
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
