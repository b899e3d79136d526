import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
} from '@nestjs/common';
import { WriteTransactions } from '../database/write-transactions';
import { FilesRepository } from './files.repository';
import { FilesService } from './files.service';

/** An upload no message has claimed within this long is removed (API.md: 24 hours). */
export const UNATTACHED_TTL_MS = 24 * 3600 * 1000;
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;
const BATCH = 100;

/**
 * Removes old unattached uploads, rows and bytes. Safe with several instances sweeping at
 * once: each row is deleted by id only while still unattached (one conditional DELETE …
 * RETURNING), so exactly one instance (or none, if a send claimed it first) gets its keys and
 * removes the bytes; removing bytes again would be harmless anyway.
 */
@Injectable()
export class UnattachedFilesSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(UnattachedFilesSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly files: FilesRepository,
    private readonly filesService: FilesService,
    private readonly writes: WriteTransactions,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .catch((error: Error) => this.logger.warn(`Sweep failed: ${error.message}`))
        .finally(() => (this.running = undefined));
    }, SWEEP_INTERVAL_MS).unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Removes unattached files older than the TTL at `now`; returns how many this call removed. */
  async sweep(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - UNATTACHED_TTL_MS);
    let removed = 0;
    for (;;) {
      const ids = await this.files.unattachedBefore(cutoff, BATCH);
      for (const id of ids) {
        const keys = await this.writes.run((manager) => this.files.deleteIfUnattached(manager, id));
        if (!keys) continue;
        await this.filesService.deleteStored([keys]);
        removed += 1;
      }
      if (ids.length < BATCH) return removed;
    }
  }
}
