import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Server, ServerOptions } from 'socket.io';
import type { MaybeRedis } from '../../cluster/redis-client';
import type { AppConfig } from '../../config/app-config';

/**
 * Socket.IO server options that come from configuration rather than from a decorator, and,
 * with Redis, the streams adapter that carries broadcasts between instances (unlike the
 * pub/sub adapter it loses nothing while Redis reconnects).
 */
export class ChatIoAdapter extends IoAdapter {
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
}
