import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Observable } from 'rxjs';
import type { Server, ServerOptions, Socket } from 'socket.io';
import type { MaybeRedis } from '../cluster/redis-client';
import type { AppConfig } from '../config/app-config';

/**
 * Socket.IO server options that come from configuration rather than from a decorator, and,
 * with Redis, the streams adapter that carries broadcasts between instances (unlike the
 * pub/sub adapter it loses nothing while Redis reconnects).
 */
export class ChatIoAdapter extends IoAdapter {
  private readonly logger = new Logger(ChatIoAdapter.name);

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
    private readonly redis: MaybeRedis,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const { realtime, redis: cluster } = this.config;
    const server = super.createIOServer(port, {
      ...options,
      serveClient: false,
      maxHttpBufferSize: realtime.maxPayloadBytes,
      // A connection that has not authenticated by then is closed.
      connectTimeout: realtime.handshakeTimeoutMs,
    }) as Server;
    if (this.redis && cluster) {
      server.adapter(
        createAdapter(this.redis, {
          streamName: `${cluster.keyPrefix}socket.io`,
          sessionKeyPrefix: `${cluster.keyPrefix}socket.io:session:`,
          channelPrefix: `${cluster.keyPrefix}socket.io`,
        }),
      );
    }
    return server;
  }

  /**
   * Nest's version builds an rxjs pipeline per socket and event (fromEvent, mergeMap,
   * takeUntil the disconnect) that lives as long as the socket: several KB for every idle
   * connection. Plain listeners do the same job (the handler's result answers the ack, or is
   * emitted when it names an event) for a fraction of the memory and work.
   */
  override bindMessageHandlers(
    socket: Socket,
    handlers: MessageMappingProperties[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(message as string, (...args: unknown[]) => {
        const { data, ack } = this.mapPayload(args.length === 1 ? args[0] : args) as {
          data: unknown;
          ack?: (response: unknown) => void;
        };
        transform(callback(data, ack)).subscribe({
          next: (response) => {
            if (response === null || response === undefined) return;
            const reply = response as { event?: string; data?: unknown };
            if (reply.event) return void socket.emit(reply.event, reply.data);
            if (!isAckHandledManually && typeof ack === 'function') ack(response);
          },
          error: (error: unknown) =>
            this.logger.error(error instanceof Error ? error.stack : String(error)),
        });
      });
    }
  }
}
