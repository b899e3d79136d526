import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ByteRange, FileStorage, StoredFileMissingError } from './file-storage';

/**
 * Files in a folder (by default beside the SQLite file): nothing to set up for a single
 * machine. Keys are spread over 256 sub-folders by their first two characters.
 */
export class LocalFileStorage implements FileStorage {
  readonly stagingDir: string;

  constructor(private readonly dir: string) {
    this.stagingDir = join(dir, 'incoming');
  }

  async prepare(): Promise<void> {
    await mkdir(this.stagingDir, { recursive: true });
  }

  close(): void {}

  async put(key: string, sourcePath: string): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(join(target, '..'), { recursive: true });
    try {
      await rename(sourcePath, target);
    } catch (error) {
      // FILES_DIR/incoming on another volume than its parent (a mount inside it).
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      await copyFile(sourcePath, target);
      await unlink(sourcePath);
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const stream = createReadStream(this.pathOf(key), range);
    // Surface "not found" here, not as a broken response after the headers went out.
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (error: NodeJS.ErrnoException) =>
        reject(error.code === 'ENOENT' ? new StoredFileMissingError(key) : error),
      );
    });
    return stream;
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  private pathOf(key: string): string {
    if (!/^[A-Za-z0-9_-]+(\.[a-z]+)?$/.test(key)) throw new Error(`Bad storage key ${key}`);
    return join(this.dir, key.slice(0, 2), key);
  }
}
