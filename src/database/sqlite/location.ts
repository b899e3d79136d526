import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { access, statfs } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** The database cannot be used at all: the server stops at start-up with this one line. */
export class StorageStartupError extends Error {}

/**
 * Makes sure the SQLite file's folder exists and that the folder (where SQLite keeps its
 * -wal and -shm files) and the file can be written, so that a read-only or full volume is
 * named at start-up instead of surfacing as "unable to open database file".
 */
export function prepareSqliteLocation(path: string): void {
  if (path === ':memory:') return;
  const file = resolve(path);
  const folder = dirname(file);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw new StorageStartupError(
      `Cannot create the folder ${folder} for the SQLite database (DATABASE_PATH): ${explain(error)}`,
    );
  }
  const targets: [string, string][] = [['folder', folder]];
  if (existsSync(file)) targets.push(['file', file]);
  for (const [what, target] of targets) {
    try {
      accessSync(target, constants.W_OK);
    } catch (error) {
      throw new StorageStartupError(
        `The SQLite database ${what} ${target} cannot be written (DATABASE_PATH): ${explain(error)}`,
      );
    }
  }
}

/** Free space below which the volume counts as full: a commit appends pages to the WAL. */
const MIN_FREE_BYTES = 1024 * 1024;

/**
 * Why SQLite could not write now (read-only or full volume), or undefined: for the health
 * check, which must notice without writing anything itself.
 */
export async function sqliteWriteProblem(path: string): Promise<string | undefined> {
  const folder = dirname(resolve(path));
  try {
    await access(folder, constants.W_OK);
  } catch (error) {
    return `the database folder cannot be written: ${explain(error)}`;
  }
  const { bavail, bsize } = await statfs(folder);
  return bavail * bsize < MIN_FREE_BYTES ? 'the disk is full' : undefined;
}

function explain(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EROFS':
      return 'it is on a read-only file system';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied for the user running the server';
    case 'ENOSPC':
      return 'the disk is full';
    default:
      return (error as Error).message;
  }
}
