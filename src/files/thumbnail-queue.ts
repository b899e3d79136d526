import { Injectable, Logger, BeforeApplicationShutdown } from '@nestjs/common';

/**
 * Thumbnails are made here, one at a time, after the upload has been answered or while it
 * waits a moment for one: image work never holds up other requests for long, and shutdown
 * waits for the job under way.
 */
@Injectable()
export class ThumbnailQueue implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ThumbnailQueue.name);
  private tail: Promise<unknown> = Promise.resolve();
  private isClosed = false;

  /** Runs `job` after those queued before it; resolves when it has run (never rejects). */
  add(description: string, job: () => Promise<void>): Promise<void> {
    const run = this.tail.then(async () => {
      if (this.isClosed) return;
      try {
        await job();
      } catch (error) {
        this.logger.warn(`${description} failed: ${(error as Error).message}`);
      }
    });
    this.tail = run;
    return run;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.isClosed = true;
    await this.tail;
  }
}
