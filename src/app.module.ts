import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { ConfigModule, registerAs } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { AccountsModule } from './accounts/accounts.module';
import { ClusterModule } from './cluster/cluster.module';
import { HttpExceptionFilter } from './common/errors/http-exception.filter';
import { PROJECT_ROOT } from './common/project-root';
import type { AppConfig } from './config/app-config';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { MessagesModule } from './messages/messages.module';
import { RoomsModule } from './rooms/rooms.module';

/**
 * The built Angular client, or a page saying how to build it: `npm test` on a fresh clone
 * runs without a client build.
 */
const CLIENT_BUILD = join(PROJECT_ROOT, 'client', 'dist', 'client', 'browser');
export const WEB_ROOT = existsSync(join(CLIENT_BUILD, 'index.html'))
  ? CLIENT_BUILD
  : join(PROJECT_ROOT, 'public');

@Module({})
export class AppModule {
  /** The whole application for a given configuration (main.ts reads it from the environment). */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          load: [registerAs('app', () => config)],
        }),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: (request: IncomingMessage) => {
              const given = request.headers['x-request-id'];
              return typeof given === 'string' && given.length <= 128 ? given : randomUUID();
            },
            // Only what identifies a request: headers (tokens, cookies) and bodies (passwords)
            // never reach the logs.
            serializers: {
              req: (request: { id: string; method: string; url: string }) => ({
                id: request.id,
                method: request.method,
                url: request.url,
              }),
              res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
            },
            customLogLevel: (_request, response, error) =>
              error || response.statusCode >= 500
                ? 'error'
                : response.statusCode >= 400
                  ? 'warn'
                  : 'info',
          },
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
        }),
        EventEmitterModule.forRoot(),
        DatabaseModule,
        ClusterModule,
        AccountsModule,
        RoomsModule,
        MessagesModule,
        HealthModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
    };
  }
}
