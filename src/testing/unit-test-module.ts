import { ModuleMetadata } from '@nestjs/common';
import { ConfigModule, registerAs } from '@nestjs/config';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { Test, TestingModule } from '@nestjs/testing';
import { ClusterModule } from '../cluster/cluster.module';
import { SignedUrlsModule } from '../common/signed-urls/signed-urls.module';
import { loadConfig } from '../config/app-config';
import { DatabaseModule } from '../database/database.module';

/**
 * A Nest testing module with the real providers on a fresh in-memory SQLite database, migrated
 * exactly as in production. Only the configuration is the test's own.
 */
export function createUnitTestingModule(
  metadata: ModuleMetadata,
  env: Record<string, string> = {},
): Promise<TestingModule> {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_PATH: ':memory:', ...env });
  return Test.createTestingModule({
    ...metadata,
    imports: [
      ConfigModule.forRoot({
        isGlobal: true,
        ignoreEnvFile: true,
        load: [registerAs('app', () => config)],
      }),
      EventEmitterModule.forRoot(),
      DatabaseModule,
      SignedUrlsModule,
      ClusterModule,
      ...(metadata.imports ?? []),
    ],
  }).compile();
}
