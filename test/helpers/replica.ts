import request from 'supertest';
import type { ChatMessage } from '../../src/realtime/chat-events';
import { ChatClient, request as ask } from './socket-client';

/**
 * A client's copy of one room, kept the way API.md says a client keeps it: live
 * `message:new` and `message:updated`, and on every (re)join the catch-up by seq and by change
 * (`afterSeq`, `afterChange`), paged on over REST. A Message is applied only when its version
 * is higher than the one held, so repeats are harmless.
 */
export class Replica {
  readonly messages = new Map<string, ChatMessage>();
  /** Every message:updated version this replica's sockets received, in arrival order. */
  readonly liveVersions: number[] = [];

  constructor(
    private readonly server: { url: string },
    private readonly roomId: string,
    private readonly accessToken: string,
  ) {}

  apply(message: ChatMessage): void {
    if (message.roomId !== this.roomId) return;
    const held = this.messages.get(message.id);
    if (!held || message.version > held.version) this.messages.set(message.id, message);
  }

  get lastSeq(): number {
    let last = 0;
    for (const m of this.messages.values()) last = Math.max(last, m.seq);
    return last;
  }

  get lastChange(): number {
    let last = 0;
    for (const m of this.messages.values()) last = Math.max(last, m.version);
    return last;
  }

  /** Listens on `socket` and joins the room with what this replica holds; catches up in full. */
  async join(socket: ChatClient): Promise<void> {
    socket.on('message:new', (m) => this.apply(m));
    socket.on('message:updated', (m) => {
      if (m.roomId === this.roomId) this.liveVersions.push(m.version);
      this.apply(m);
    });
    const reply = await ask(socket, 'room:join', {
      roomId: this.roomId,
      afterSeq: this.lastSeq,
      afterChange: this.lastChange,
    });
    if (!reply.ok) throw new Error(`join failed: ${JSON.stringify(reply)}`);
    for (const m of reply.missed as ChatMessage[]) this.apply(m);
    for (const m of reply.changed as ChatMessage[]) this.apply(m);
    if (reply.hasMore) await this.page('messages', (m) => m.seq, lastOf(reply.missed, 'seq'));
    if (reply.changedHasMore) {
      await this.page('changes', (m) => m.version, lastOf(reply.changed, 'version'));
    }
  }

  /** Oldest first, as history shows it. */
  timeline(): ChatMessage[] {
    return [...this.messages.values()].sort((x, y) => x.seq - y.seq);
  }

  private async page(
    what: 'messages' | 'changes',
    cursorOf: (m: ChatMessage) => number,
    after: number,
  ): Promise<void> {
    for (;;) {
      const { body } = await request(this.server.url)
        .get(`/api/rooms/${this.roomId}/${what}?after=${after}&limit=100`)
        .set('Authorization', `Bearer ${this.accessToken}`)
        .expect(200);
      const page = body.messages as ChatMessage[];
      for (const m of page) this.apply(m);
      if (!body.hasMore || page.length === 0) return;
      after = cursorOf(page[page.length - 1]);
    }
  }
}

function lastOf(messages: ChatMessage[], field: 'seq' | 'version'): number {
  return messages[messages.length - 1][field];
}
