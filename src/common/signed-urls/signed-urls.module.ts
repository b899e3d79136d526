import { Global, Module } from '@nestjs/common';
import { UrlSigner } from './url-signer';

/**
 * Global: every mapper that writes a user object signs its avatar URL, and those live in
 * most feature modules.
 */
@Global()
@Module({ providers: [UrlSigner], exports: [UrlSigner] })
export class SignedUrlsModule {}
