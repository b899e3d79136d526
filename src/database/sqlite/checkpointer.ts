import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, InjectAppConfig } from '../../config/app-config';
import type { CheckpointWorkerData } from './checkpoint-worker';
import { sqliteConnection } from './typeorm-internals';

const CHECKPOINT_EVERY_MS = 250;
/**
 * Frames (pages) the log may hold before the thread starts it over: 16 MiB of 4 KiB pages.
 * Under sustained writes every PASSIVE checkpoint ends with new frames behind it, and SQLite
 * only starts the log over once a checkpoint has caught up with the last frame, so left to
 * itself the log grows without bound (hundreds of MB in seconds of the writes benchmark).
 */
const RESTART_AFTER_FRAMES = 4096;
/** What a log started over is cut back to on disk, so that a burst does not keep its size. */
const LOG_SIZE_LIMIT_BYTES = 32 * 1024 * 1024;
/**
 * A backstop, in pages (64 MiB): should writes outpace the thread (a loaded machine), the
 * server's own connection checkpoints after the commit that takes the log past this, on the
 * event loop. That holds the writer back while it runs, so the log stays bounded whatever.
 */
const BACKSTOP_PAGES = 16384;
/** SQLite's own default, restored if the thread fails. */
const AUTOCHECKPOINT_PAGES = 1000;

/**
 * The thread's code, beside this file: JavaScript in dist/, TypeScript under ts-jest, which
 * only compiles what Jest itself loads, so the thread compiles it with ts-node.
 */
const WORKER_FILE = join(__dirname, `checkpoint-worker${extname(__filename)}`);
const WORKER_EXEC_ARGV =
  extname(WORKER_FILE) === '.ts' ? ['--require', 'ts-node/register/transpile-only'] : undefined;

/**
 * Moves committed pages from SQLite's write-ahead log into the database file on a thread of
 * its own. Left to itself SQLite checkpoints inside whichever commit fills the log past 1000
 * pages: on the event loop, ending with an fsync, which would be most of the cost of writing
 * a message. So a second connection on a worker thread checkpoints every 250 ms and
 * keeps the log short; the server's connection only does when the thread falls far behind.
 * Durability is the WAL's either way.
 */
@Injectable()
export class SqliteCheckpointer implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SqliteCheckpointer.name);
  private worker?: Worker;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const { database } = this.config;
    if (database.type !== 'sqlite' || database.path === ':memory:') return;
    const connection = sqliteConnection(this.dataSource);
    connection.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    // The server's connection is the one that starts the log over, and cuts the file back then.
    connection.pragma(`journal_size_limit = ${LOG_SIZE_LIMIT_BYTES}`);
    const workerData: CheckpointWorkerData = {
      path: database.path,
      everyMs: CHECKPOINT_EVERY_MS,
      restartAfterFrames: RESTART_AFTER_FRAMES,
      logSizeLimit: LOG_SIZE_LIMIT_BYTES,
    };
    this.worker = new Worker(WORKER_FILE, { workerData, execArgv: WORKER_EXEC_ARGV });
    this.worker.on('error', (error) => {
      this.logger.error(`checkpoint thread failed (${error.message}); SQLite checkpoints itself`);
      connection.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    });
  }

  async onModuleDestroy(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage('stop');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    await worker.terminate();
  }
}
