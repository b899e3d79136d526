import { signal } from '@angular/core';
import type { Message } from '../../core/api/api-types';
import type { SendMessageResult, Ack } from '../../core/realtime/chat-events';
import type { ChatSocketService } from '../../core/realtime/chat-socket.service';
import { draft, markFailed, markPending, OutgoingMessage, settle } from './outbox';

export interface OutboxOptions {
  socket: ChatSocketService;
  /** The signed-in user's id: only their messages can confirm what is in the outbox. */
  myId: () => string | undefined;
  /** The room messages may go to now: the open one once joined, else null. */
  sendableRoomId: () => string | null;
  /** The server stored a message; it belongs in the timeline. */
  onStored: (message: Message) => void;
}

/**
 * What this client is sending: each message shows at once as pending and goes out one at a
 * time, in order, now or when the connection returns. Part of ChatStore.
 */
export class OutboxState {
  private readonly list = signal<OutgoingMessage[]>([]);
  readonly messages = this.list.asReadonly();

  private isFlushing = false;

  constructor(private readonly options: OutboxOptions) {}

  add(roomId: string, body: string): void {
    this.list.update((list) => [...list, draft(roomId, body)]);
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

  /** Drops the messages that stored ones of this user confirm, by clientMsgId. */
  confirm(messages: Message[]): void {
    const mine = this.options.myId();
    const confirmed = new Set(
      messages.filter((m) => m.sender.id === mine && m.clientMsgId).map((m) => m.clientMsgId!),
    );
    if (confirmed.size > 0) this.list.update((list) => settle(list, confirmed));
  }

  /** Sends pending messages one at a time, in the order they were written. */
  async flush(): Promise<void> {
    if (this.isFlushing) return;
    this.isFlushing = true;
    try {
      for (;;) {
        const roomId = this.options.sendableRoomId();
        const next = this.list().find((m) => m.status === 'pending' && m.roomId === roomId);
        if (!next || this.options.socket.status() !== 'connected') return;
        const isDelivered = await this.deliver(next);
        if (!isDelivered) return;
      }
    } finally {
      this.isFlushing = false;
    }
  }

  /** True when the server answered (stored or refused); false when it should wait. */
  private async deliver(message: OutgoingMessage): Promise<boolean> {
    let reply: Ack<SendMessageResult>;
    try {
      reply = await this.options.socket.request('message:send', {
        roomId: message.roomId,
        body: message.body,
        clientMsgId: message.clientMsgId,
      });
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
}
