import { isMainThread, MessagePort, parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** What SqliteCheckpointer hands the thread. */
export interface CheckpointWorkerData {
  path: string;
  everyMs: number;
  /** Frames the log may hold before a RESTART checkpoint follows the PASSIVE one. */
  restartAfterFrames: number;
  /** Bytes the log file is cut back to once started over. */
  logSizeLimit: number;
}

/**
 * The checkpoint thread's work, on a connection of its own. A PASSIVE checkpoint copies what
 * it can without blocking anyone; when the log has grown long, a RESTART follows at once,
 * which holds writers back only while it copies the few frames committed since (and syncs),
 * then lets the next writer start the log from the beginning. Any message stops it.
 */
function checkpointUntilStopped(port: MessagePort, data: CheckpointWorkerData): void {
  const db = new Database(data.path, { timeout: 5000 });
  db.pragma(`journal_size_limit = ${data.logSizeLimit}`);
  const timer = setInterval(() => {
    const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    if (log >= data.restartAfterFrames) db.pragma('wal_checkpoint(RESTART)');
  }, data.everyMs);
  port.once('message', () => {
    clearInterval(timer);
    db.close();
    port.close();
  });
}

if (!isMainThread && parentPort) {
  checkpointUntilStopped(parentPort, workerData as CheckpointWorkerData);
}
