import { createApp } from './http/configure-app';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { prepareSqliteLocation, StorageStartupError } from './database/sqlite/location';
import { storageFailureReason } from './database/storage-failure';

async function bootstrap(): Promise<void> {
  const config = readConfigOrExit();
  const { database } = config;
  // Checked here as well as in buildDataSourceOptions: failing inside Nest's module setup
  // would print a stack before main.ts could say it in one line.
  if (database.type === 'sqlite') prepareSqliteLocation(database.path);
  const app = await createApp(config);
  // Without HOST, every interface (what a container needs); with it, only that one.
  await (config.host ? app.listen(config.port, config.host) : app.listen(config.port));
}

function readConfigOrExit(): AppConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // One line per problem, no stack: this is the operator's mistake, not ours.
    for (const problem of error.problems) console.error(`Configuration error: ${problem}`);
    process.exit(1);
  }
}

/**
 * One line saying why, and exit 1 (not an abort): a read-only volume or an unreachable
 * database is the operator's to fix, and a supervisor's restarts will print the same line.
 */
bootstrap().catch((error: unknown) => {
  const reason = error instanceof StorageStartupError ? error.message : storageFailureReason(error);
  console.error(
    `Cannot start: ${reason ?? (error instanceof Error ? error.stack : String(error))}`,
  );
  process.exit(1);
});
