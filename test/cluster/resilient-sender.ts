import type { ChatMessage } from '../../src/realtime/chat-events';
import type { Session } from '../helpers/api-client';
import { ChatClient, connectAs, request as ask } from '../helpers/socket-client';

type Server = { url: string };

/**
 * A client as a real one behaves: it keeps what it has not had acked, and when its server
 * goes away it connects again (to `fallback`: another instance, as a load balancer would send
 * it, or the same address once the server is back), rejoins with afterSeq and resends the
 * unacked messages with their original clientMsgIds.
 */
export class ResilientSender {
  /** clientMsgId -> the message its ack carried. */
  readonly acked = new Map<string, ChatMessage>();
  /** Seqs in the order message:new brought them. */
  readonly live: number[] = [];
  private readonly received = new Map<number, ChatMessage>();
  private socket!: ChatClient;
  private reconnecting?: Promise<void>;
  prefix = '';

  private constructor(
    private readonly fallback: Server,
    private readonly session: Session,
    private readonly roomId: string,
  ) {}

  static async start(first: Server, fallback: Server, session: Session, roomId: string) {
    const sender = new ResilientSender(fallback, session, roomId);
    await sender.connect(first);
    return sender;
  }

  /**
   * Sends `count` messages (`<prefix>-<n>`), up to `inFlight` of them awaiting their ack at a
   * time; resolves when every one has been acked.
   */
  async send(count: number, prefix: string, inFlight = 1): Promise<void> {
    this.prefix = prefix;
    let next = 0;
    const worker = async () => {
      while (next < count) await this.sendUntilAcked(`${prefix}-${next++}`);
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
  }

  async catchUp(): Promise<void> {
    await this.join();
  }

  seqs(): number[] {
    return [...this.received.keys()].sort((x, y) => x - y);
  }

  close(): void {
    this.socket.disconnect();
  }

  private async sendUntilAcked(clientMsgId: string): Promise<void> {
    for (;;) {
      try {
        const reply = await ask(this.socket, 'message:send', {
          roomId: this.roomId,
          body: clientMsgId,
          clientMsgId,
        });
        if (reply.ok) {
          this.acked.set(clientMsgId, reply.message);
          return;
        }
      } catch {
        // no ack: the server is gone or going; fall through and try again
      }
      if (!this.socket.connected) await this.reconnect();
    }
  }

  /** One reconnection however many sends noticed the loss at once. */
  private reconnect(): Promise<void> {
    this.reconnecting ??= this.connectWhenUp(this.fallback).finally(
      () => (this.reconnecting = undefined),
    );
    return this.reconnecting;
  }

  private async connectWhenUp(server: Server): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        return await this.connect(server);
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  private async connect(server: Server): Promise<void> {
    this.socket?.disconnect();
    this.socket = await connectAs(server, this.session);
    this.socket.io.opts.reconnection = false;
    this.socket.on('message:new', (message) => {
      this.live.push(message.seq);
      this.received.set(message.seq, message);
    });
    await this.join();
  }

  private async join(): Promise<void> {
    for (;;) {
      // From the last seq held without a hole, as a careful client does.
      let afterSeq = 0;
      while (this.received.has(afterSeq + 1)) afterSeq++;
      const reply = await ask(this.socket, 'room:join', { roomId: this.roomId, afterSeq });
      for (const message of reply.missed as ChatMessage[]) this.received.set(message.seq, message);
      if (!reply.hasMore) return;
    }
  }
}
