import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig, InjectAppConfig } from '../config/app-config';

export type FileVariant = 'content' | 'thumbnail';

/** A signed URL lives at least this long … */
const URL_LIFETIME_SECONDS = 3600;
/**
 * … and its expiry is rounded up to this step, so that URLs handed out within the same few
 * minutes are identical and the browser's cache serves the image again.
 */
const EXPIRY_STEP_SECONDS = 600;

/**
 * Signed, expiring URLs for file bytes: HMAC-SHA256 over file id, variant and expiry. The
 * signature is the whole authorization, so `<img src>` works without headers.
 */
@Injectable()
export class FileUrls {
  private readonly secret: string;

  constructor(@InjectAppConfig() config: AppConfig) {
    this.secret = config.files.urlSecret;
  }

  url(fileId: string, variant: FileVariant, now = Date.now()): string {
    const earliest = Math.floor(now / 1000) + URL_LIFETIME_SECONDS;
    const expires = Math.ceil(earliest / EXPIRY_STEP_SECONDS) * EXPIRY_STEP_SECONDS;
    const sig = this.sign(fileId, variant, expires);
    return `/api/files/${fileId}/${variant}?expires=${expires}&sig=${sig}`;
  }

  /** True when `sig` was made by {@link url} for this file and variant and has not expired. */
  isValid(
    fileId: string,
    variant: FileVariant,
    expires: string | undefined,
    sig: string | undefined,
    now = Date.now(),
  ): boolean {
    if (!expires || !sig || !/^\d{1,12}$/.test(expires)) return false;
    const expiresAt = Number(expires);
    if (expiresAt * 1000 <= now) return false;
    const expected = Buffer.from(this.sign(fileId, variant, expiresAt));
    const given = Buffer.from(sig);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private sign(fileId: string, variant: FileVariant, expires: number): string {
    return createHmac('sha256', this.secret)
      .update(`${fileId}\n${variant}\n${expires}`)
      .digest('base64url');
  }
}
