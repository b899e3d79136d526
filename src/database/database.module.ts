import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';
import { runMigrationsExclusively } from './run-migrations';
import { SqliteCheckpointer } from './sqlite/checkpointer';
import { WriteTransactions } from './write-transactions';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...buildDataSourceOptions(config.database),
        // Start-up fails fast with the driver's message instead of retrying for half a minute.
        retryAttempts: 0,
      }),
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        await runMigrationsExclusively(dataSource);
        return dataSource;
      },
    }),
  ],
  providers: [WriteTransactions, SqliteCheckpointer],
  exports: [WriteTransactions],
})
export class DatabaseModule {}
