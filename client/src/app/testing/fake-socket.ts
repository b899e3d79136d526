/**
 * Stands in for the network under ChatSocketService in unit tests: records what the client
 * emits, lets the test answer acks and play server events and connection changes.
 */
type Handler = (...args: any[]) => void;

export interface Emitted {
  event: string;
  payload: any;
  reply: (value: unknown) => void;
  fail: (error: Error) => void;
}

export class FakeSocket {
  connected = false;
  readonly emitted: Emitted[] = [];
  private readonly handlers = new Map<string, Set<Handler>>();
  readonly auth: (send: (data: object) => void) => void;

  constructor(options: { auth: (send: (data: object) => void) => void }) {
    this.auth = options.auth;
  }

  on(event: string, handler: Handler): this {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)!.add(handler);
    return this;
  }

  off(event: string, handler: Handler): this {
    this.handlers.get(event)?.delete(handler);
    return this;
  }

  timeout(_ms: number) {
    return {
      emitWithAck: (event: string, payload: unknown) =>
        new Promise((resolve, reject) => {
          this.emitted.push({ event, payload, reply: resolve, fail: reject });
        }),
    };
  }

  connect(): this {
    return this;
  }

  disconnect(): this {
    this.connected = false;
    return this;
  }

  /** The server accepted the connection. */
  serverConnects(): void {
    this.connected = true;
    this.play('connect');
  }

  serverDrops(reason = 'transport close'): void {
    this.connected = false;
    this.play('disconnect', reason);
  }

  play(event: string, ...args: unknown[]): void {
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }

  /** The emits of one event not yet answered, oldest first. */
  pending(event: string): Emitted[] {
    return this.emitted.filter((e) => e.event === event);
  }

  takeNext(event: string): Emitted {
    const index = this.emitted.findIndex((e) => e.event === event);
    if (index === -1) throw new Error(`nothing emitted for ${event}`);
    return this.emitted.splice(index, 1)[0];
  }
}
