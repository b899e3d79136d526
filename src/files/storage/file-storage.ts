import type { Readable } from 'node:stream';

/** Inclusive byte range, as HTTP Range requests count. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where file bytes live, by random key: a local folder or an S3-compatible bucket. Every
 * method is safe to repeat (several instances may clean up the same key).
 */
export interface FileStorage {
  /** Folder for uploads being received, before they are probed and stored. */
  readonly stagingDir: string;
  /** Stores the staged file at `sourcePath` under `key`; the staged file is consumed. */
  put(key: string, sourcePath: string, contentType: string): Promise<void>;
  /** The stored bytes, or the given range of them; StoredFileMissingError if there are none. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** Removes the bytes; a key that is already gone is not an error. */
  delete(key: string): Promise<void>;
  /** At start-up: creates the folder, or checks the bucket (creating it when missing). */
  prepare(): Promise<void>;
  /** Releases connections at shutdown. */
  close(): void;
}

export const FILE_STORAGE = Symbol('FileStorage');

/** Thrown by {@link FileStorage.read} for a key with no bytes (removed, or never stored). */
export class StoredFileMissingError extends Error {
  constructor(key: string) {
    super(`No stored bytes for ${key}`);
  }
}
