import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, registerAs } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { AccountsModule } from './accounts/accounts.module';
import { AttentionModule } from './attention/attention.module';
import { ClusterModule } from './cluster/cluster.module';
import { HttpExceptionFilter } from './common/errors/http-exception.filter';
import { PROJECT_ROOT } from './common/project-root';
import { SignedUrlsModule } from './common/signed-urls/signed-urls.module';
import type { AppConfig } from './config/app-config';
import { DatabaseModule } from './database/database.module';
import { FilesModule } from './files/files.module';
import { HealthModule } from './health/health.module';
import { MembersModule } from './members/members.module';
import { MessagesModule } from './messages/messages.module';
import { ProfilesModule } from './profiles/profiles.module';
import { RealtimeModule } from './realtime/realtime.module';
import { RoomsModule } from './rooms/rooms.module';
import { SearchModule } from './search/search.module';
import { UsersModule } from './users/users.module';

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
  /**
   * The whole application for a given configuration (main.ts reads it from the environment),
   * logging to `logger`.
   */
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          load: [registerAs('app', () => config)],
        }),
        // Request lines come from createApp's pino-http (see http/request-logging.ts): no middleware here.
        LoggerModule.forRoot({ pinoHttp: { logger }, forRoutes: [] }),
        EventEmitterModule.forRoot(),
        DatabaseModule,
        SignedUrlsModule,
        ClusterModule,
        AccountsModule,
        RoomsModule,
        MembersModule,
        UsersModule,
        MessagesModule,
        SearchModule,
        FilesModule,
        AttentionModule,
        ProfilesModule,
        RealtimeModule,
        HealthModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
    };
  }
}
