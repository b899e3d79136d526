import { signal } from '@angular/core';
import type { Message } from '../../core/api/api-types';
import type { Ack, SendMessagePayload, SendMessageResult } from '../../core/realtime/chat-events';
import type { ChatSocketService } from '../../core/realtime/chat-socket.service';
import { enqueue, MessageChange, PendingChange, withdraw } from './message-changes';
import { draft, markFailed, markPending, OutgoingFile, OutgoingMessage, settle } from './outbox';

/** A change that got no answer while connected goes again after this long. */
const NO_ANSWER_RETRY_MS = 3000;

export interface OutboxOptions {
  socket: ChatSocketService;
  /** The signed-in user's id: only their messages can confirm what is in the outbox. */
  myId: () => string | undefined;
  /** The room messages may go to now: the open one once joined, else null. */
  sendableRoomId: () => string | null;
  /** The server stored a message, or a change of one; it belongs in the timeline. */
  onStored: (message: Message) => void;
  /** The server deleted a message (its ack carries no message). */
  onDeleted: (messageId: string) => void;
  /** The server refused a change; the reason is for the person to read. */
  onRefused: (reason: string) => void;
}

/**
 * What this client is sending: each message shows at once as pending and goes out one at a
 * time, in order, now or when the connection returns; then the changes (edits, deletions,
 * reactions) the same way. Part of ChatStore.
 */
export class OutboxState {
  private readonly list = signal<OutgoingMessage[]>([]);
  private readonly changeList = signal<PendingChange[]>([]);
  readonly messages = this.list.asReadonly();
  readonly changes = this.changeList.asReadonly();

  private isFlushing = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: OutboxOptions) {}

  add(
    roomId: string,
    body: string,
    replyTo?: OutgoingMessage['replyTo'],
    files?: OutgoingFile[],
  ): void {
    this.list.update((list) => [...list, draft(roomId, body, undefined, replyTo, files)]);
    void this.flush();
  }

  /** Queues a change of a stored message; it shows at once and is sent now or after a reconnect. */
  change(change: MessageChange): void {
    this.changeList.update((list) => enqueue(list, change));
    void this.flush();
  }

  /** Sends a failed message again, with the same clientMsgId: it cannot be stored twice. */
  retry(clientMsgId: string): void {
    this.list.update((list) => markPending(list, clientMsgId));
    void this.flush();
  }

  discard(clientMsgId: string): void {
    this.list.update((list) => settle(list, new Set([clientMsgId])));
  }

  /** Takes back a change that would leave the stored message as it is. */
  withdraw(change: MessageChange): void {
    this.changeList.update((list) => withdraw(list, change));
    void this.flush();
  }

  /** Drops the messages that stored ones of this user confirm, by clientMsgId. */
  confirm(messages: Message[]): void {
    const mine = this.options.myId();
    const confirmed = new Set(
      messages.filter((m) => m.sender.id === mine && m.clientMsgId).map((m) => m.clientMsgId!),
    );
    if (confirmed.size > 0) this.list.update((list) => settle(list, confirmed));
  }

  /** Sends pending messages one at a time, in the order they were written, then changes. */
  async flush(): Promise<void> {
    if (this.isFlushing) return;
    this.isFlushing = true;
    try {
      for (;;) {
        const roomId = this.options.sendableRoomId();
        if (this.options.socket.status() !== 'connected') return;
        const next = this.list().find((m) => m.status === 'pending' && m.roomId === roomId);
        const nextChange = this.changeList().find((p) => p.change.roomId === roomId);
        if (next) {
          if (!(await this.deliver(next))) return;
        } else if (nextChange) {
          if (!(await this.deliverChange(nextChange))) return;
        } else {
          return;
        }
      }
    } finally {
      this.isFlushing = false;
    }
  }

  /** True when the server answered (stored or refused); false when it should wait. */
  private async deliver(message: OutgoingMessage): Promise<boolean> {
    let reply: Ack<SendMessageResult>;
    try {
      const payload: SendMessagePayload = {
        roomId: message.roomId,
        body: message.body,
        clientMsgId: message.clientMsgId,
        ...(message.replyTo ? { replyToId: message.replyTo.id } : {}),
        ...(message.files ? { fileIds: message.files.map((file) => file.id) } : {}),
      };
      reply = await this.options.socket.request('message:send', payload);
    } catch {
      if (this.options.socket.status() === 'connected') {
        this.list.update((list) =>
          markFailed(list, message.clientMsgId, 'Not sent: no answer from the server'),
        );
        return true;
      }
      return false; // offline: stays pending and goes out after the reconnect
    }
    if (reply.ok) {
      this.options.onStored(reply.message);
    } else if (reply.error.code === 'NOT_JOINED') {
      return false; // mid-reconnect: the rejoin flushes again
    } else {
      this.list.update((list) => markFailed(list, message.clientMsgId, reply.error.message));
    }
    return true;
  }

  /**
   * Sends one change; true when the server answered (done or refused), false when it should
   * wait. A change whose ack is lost stays queued and goes again: resending it is harmless.
   */
  private async deliverChange(pending: PendingChange): Promise<boolean> {
    const { change } = pending;
    this.changeList.update((list) =>
      list.map((p) => (p.id === pending.id ? { ...p, isSending: true } : p)),
    );
    let reply: Ack<{ message?: Message }>;
    try {
      reply = await this.requestChange(change);
    } catch {
      this.changeList.update((list) =>
        list.map((p) => (p.id === pending.id ? { ...p, isSending: false } : p)),
      );
      // Offline, or no answer: it stays queued and goes again after the reconnect, or soon.
      if (this.options.socket.status() === 'connected') this.retryLater(NO_ANSWER_RETRY_MS);
      return false;
    }
    if (!reply.ok && (reply.error.code === 'NOT_JOINED' || reply.error.code === 'RATE_LIMITED')) {
      this.changeList.update((list) =>
        list.map((p) => (p.id === pending.id ? { ...p, isSending: false } : p)),
      );
      if (reply.error.code === 'RATE_LIMITED') this.retryLater(reply.error.retryAfterMs ?? 1000);
      return false;
    }
    // Settled before the timeline learns of it, so the pending copy never shows over it.
    this.changeList.update((list) => list.filter((p) => p.id !== pending.id));
    if (!reply.ok) {
      this.options.onRefused(reply.error.message);
    } else if (reply.message) {
      this.options.onStored(reply.message);
    } else if (change.kind === 'delete') {
      this.options.onDeleted(change.messageId);
    }
    return true;
  }

  private requestChange(change: MessageChange): Promise<Ack<{ message?: Message }>> {
    const { socket } = this.options;
    switch (change.kind) {
      case 'edit':
        return socket.request('message:edit', { messageId: change.messageId, body: change.body });
      case 'delete':
        return socket.request('message:delete', { messageId: change.messageId });
      case 'react':
        return socket.request('reaction:set', {
          messageId: change.messageId,
          emoji: change.emoji,
          on: change.on,
        });
    }
  }

  private retryLater(ms: number): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.flush(), ms);
  }
}
