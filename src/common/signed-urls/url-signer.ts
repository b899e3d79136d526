import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig, InjectAppConfig } from '../../config/app-config';

/** A signed URL lives at least this long … */
export const SIGNED_URL_LIFETIME_SECONDS = 3600;
/**
 * … and its expiry is rounded up to this step, so that URLs handed out within the same few
 * minutes are identical and the browser's cache serves the image again.
 */
export const SIGNED_URL_EXPIRY_STEP_SECONDS = 600;

/** The query part of a signed URL. */
export interface UrlSignature {
  /** Unix time (seconds) after which the signature is refused. */
  expires: number;
  /** HMAC-SHA256 over the signed resource and `expires` (base64url). */
  sig: string;
}

/**
 * Signed, expiring URLs for bytes served without a header (`<img src>`): file contents and
 * thumbnails, avatars. The signature is the whole authorization. `resource` names what is
 * signed, one line per part; callers give each kind of URL a different number of parts or a
 * prefix of its own, so a signature for one kind is never valid for another. One key
 * (FILES_URL_SECRET) serves all of them.
 */
@Injectable()
export class UrlSigner {
  private readonly secret: string;

  constructor(@InjectAppConfig() config: AppConfig) {
    this.secret = config.files.urlSecret;
  }

  sign(resource: readonly string[], now = Date.now()): UrlSignature {
    const earliest = Math.floor(now / 1000) + SIGNED_URL_LIFETIME_SECONDS;
    const expires =
      Math.ceil(earliest / SIGNED_URL_EXPIRY_STEP_SECONDS) * SIGNED_URL_EXPIRY_STEP_SECONDS;
    return { expires, sig: this.hmac(resource, expires) };
  }

  /**
   * The expiry (Unix seconds) when `sig` was made by {@link sign} for this resource and has
   * not expired, else null. Missing or malformed parts are simply invalid.
   */
  verify(
    resource: readonly string[],
    expires: string | undefined,
    sig: string | undefined,
    now = Date.now(),
  ): number | null {
    if (!expires || !sig || !/^\d{1,12}$/.test(expires)) return null;
    const expiresAt = Number(expires);
    if (expiresAt * 1000 <= now) return null;
    const expected = Buffer.from(this.hmac(resource, expiresAt));
    const given = Buffer.from(sig);
    return given.length === expected.length && timingSafeEqual(given, expected) ? expiresAt : null;
  }

  private hmac(resource: readonly string[], expires: number): string {
    return createHmac('sha256', this.secret)
      .update(`${resource.join('\n')}\n${expires}`)
      .digest('base64url');
  }
}

/** `expires=…&sig=…` for a URL's query. */
export function signatureQuery({ expires, sig }: UrlSignature): string {
  return `expires=${expires}&sig=${sig}`;
}

/**
 * Seconds a response to a signed URL may be cached: never past the signature's expiry, so a
 * cache never serves what the URL itself would no longer be allowed to fetch.
 */
export function cacheSecondsUntil(expiresAt: number, now = Date.now()): number {
  return Math.max(0, expiresAt - Math.floor(now / 1000));
}
