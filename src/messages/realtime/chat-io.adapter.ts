import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';
import type { RealtimeConfig } from '../../config/app-config';

/** Socket.IO server options that come from configuration rather than from a decorator. */
export class ChatIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: RealtimeConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    return super.createIOServer(port, {
      ...options,
      serveClient: false,
      maxHttpBufferSize: this.config.maxPayloadBytes,
      // A connection that has not authenticated by then is closed.
      connectTimeout: this.config.handshakeTimeoutMs,
    }) as Server;
  }
}
