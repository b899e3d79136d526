import { Injectable } from '@nestjs/common';
import { signatureQuery, UrlSigner } from '../common/signed-urls/url-signer';

export type FileVariant = 'content' | 'thumbnail';

/** Signed, expiring URLs for file bytes: the signature covers file id, variant and expiry. */
@Injectable()
export class FileUrls {
  constructor(private readonly signer: UrlSigner) {}

  url(fileId: string, variant: FileVariant, now = Date.now()): string {
    const signature = this.signer.sign([fileId, variant], now);
    return `/api/files/${fileId}/${variant}?${signatureQuery(signature)}`;
  }

  /**
   * The URL's expiry (Unix seconds) when `sig` was made by {@link url} for this file and
   * variant and has not expired, else null.
   */
  verify(
    fileId: string,
    variant: FileVariant,
    expires: string | undefined,
    sig: string | undefined,
    now = Date.now(),
  ): number | null {
    return this.signer.verify([fileId, variant], expires, sig, now);
  }
}
