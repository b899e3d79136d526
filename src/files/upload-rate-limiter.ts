import { Injectable } from '@nestjs/common';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterFactory } from '../cluster/rate-limiter-factory';
import { consumeOrRefuse } from '../common/rate-limit/consume-or-refuse';
import { AppConfig, InjectAppConfig } from '../config/app-config';

const TOO_FAST = 'You are uploading files too fast; wait a moment';

/**
 * Per-user limit on starting uploads (FILES_UPLOAD_RATE_PER_MINUTE): each costs disk, storage
 * and, for an image, a thumbnail. Shared by every instance through Redis when clustered.
 */
@Injectable()
export class UploadRateLimiter {
  private readonly perMinute: RateLimiterAbstract;

  constructor(@InjectAppConfig() config: AppConfig, limiters: RateLimiterFactory) {
    this.perMinute = limiters.create('file-upload-minute', config.files.uploadsPerMinute, 60);
  }

  /** Counts one upload for the user, or throws RateLimitedException (429 with Retry-After). */
  consume(userId: string): Promise<void> {
    return consumeOrRefuse(this.perMinute, userId, TOO_FAST);
  }
}
