import { randomBytes } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  BadRequestException,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  PayloadTooLargeException,
  UnauthorizedException,
} from '@nestjs/common';
import { fileTypeFromFile } from 'file-type';
import { AccountsService } from '../accounts/accounts.service';
import { OwnUserResponseDto, toOwnUserResponse } from '../accounts/dto/user-response.dto';
import { ProfileChangeRateLimiter } from '../accounts/profile-change-rate-limiter';
import type { UserEntity } from '../accounts/user.entity';
import { avatarResource, avatarVersion } from '../accounts/user-card';
import { UsersRepository } from '../accounts/users.repository';
import type { AuthUser } from '../common/auth.decorators';
import { WriteTransactions } from '../database/write-transactions';
import type { FileContent } from '../files/files.service';
import type { SignedUrlQuery } from '../files/dto/signed-url-query.dto';
import { receiveUpload, UploadRefused } from '../files/multipart-upload';
import { FILE_STORAGE, FileStorage, StoredFileMissingError } from '../files/storage/file-storage';
import { AVATAR_CONTENT_TYPE, AVATAR_SOURCE_TYPES, makeAvatar } from './avatar-image';
import { UrlSigner } from '../common/signed-urls/url-signer';

/** Largest image accepted for an avatar (it is scaled down to 256 × 256 anyway). */
export const AVATAR_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const NOT_SIGNED_IN = 'Your session has ended; please log in again';
const NOT_AN_IMAGE = 'file must be a PNG, JPEG, GIF or WebP image';

/**
 * Avatars: stored through the files' storage (a folder or S3) under a random key, served at
 * a signed URL whose signature covers that key (see avatarUrlOf). A new avatar gets a new key,
 * so a replaced or removed avatar's URL stops working and browsers never show a stale one.
 */
@Injectable()
export class AvatarsService {
  private readonly logger = new Logger(AvatarsService.name);

  constructor(
    private readonly signer: UrlSigner,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    private readonly users: UsersRepository,
    private readonly writes: WriteTransactions,
    private readonly accounts: AccountsService,
    private readonly profileChanges: ProfileChangeRateLimiter,
  ) {}

  async upload(caller: AuthUser, request: IncomingMessage): Promise<OwnUserResponseDto> {
    await this.profileChanges.consume(caller.id);
    const staged = join(this.storage.stagingDir, newKey());
    const converted = `${staged}.webp`;
    try {
      try {
        await receiveUpload(request, staged, AVATAR_MAX_UPLOAD_BYTES);
      } catch (error) {
        throw refusal(error);
      }
      const sniffed = await fileTypeFromFile(staged).catch(() => undefined);
      if (!sniffed || !AVATAR_SOURCE_TYPES.has(sniffed.mime)) {
        throw new BadRequestException([NOT_AN_IMAGE]);
      }
      if (!(await makeAvatar(staged, sniffed.mime, converted))) {
        throw new BadRequestException(['file could not be read as an image']);
      }
      const key = newKey();
      await this.storage.put(key, converted, AVATAR_CONTENT_TYPE);
      return await this.replace(caller, key);
    } finally {
      await Promise.all([staged, converted].map((path) => unlink(path).catch(() => undefined)));
    }
  }

  async remove(caller: AuthUser): Promise<OwnUserResponseDto> {
    await this.profileChanges.consume(caller.id);
    return this.replace(caller, null);
  }

  /**
   * The bytes behind an avatar URL: 404 when the user has no avatar; 403 for a missing, wrong
   * or expired signature, and for one made for an avatar that has been replaced since.
   */
  async content(userId: string, signature: SignedUrlQuery): Promise<FileContent> {
    const user = await this.users.findById(userId);
    if (!user?.avatarKey) throw new NotFoundException('No avatar');
    const resource = avatarResource(user.id, avatarVersion(user.avatarKey));
    const signedUntil = this.signer.verify(resource, signature.expires, signature.sig);
    if (signedUntil === null) {
      throw new ForbiddenException('This avatar link is invalid, expired or outdated');
    }
    let stream;
    try {
      stream = await this.storage.read(user.avatarKey);
    } catch (error) {
      if (error instanceof StoredFileMissingError) throw new NotFoundException('No avatar');
      throw error;
    }
    // An avatar is a few kilobytes: read whole, so the reply has a length.
    const bytes = await readAll(stream);
    return {
      stream: Readable.from([bytes]),
      contentType: AVATAR_CONTENT_TYPE,
      contentDisposition: 'inline; filename="avatar.webp"',
      totalSize: bytes.length,
      signedUntil,
    };
  }

  /** Points the user at the new avatar (or none), removes the old bytes, announces the change. */
  private async replace(caller: AuthUser, avatarKey: string | null): Promise<OwnUserResponseDto> {
    const user = await this.users.findById(caller.id);
    if (!user) {
      if (avatarKey) await this.forget(avatarKey);
      throw new UnauthorizedException(NOT_SIGNED_IN);
    }
    if (user.avatarKey === null && avatarKey === null) return toOwnUserResponse(user, this.signer);
    await this.writes.run((manager) => this.users.update(manager, user.id, { avatarKey }));
    if (user.avatarKey) await this.forget(user.avatarKey);
    const updated: UserEntity = { ...user, avatarKey };
    await this.accounts.announce(updated);
    return toOwnUserResponse(updated, this.signer);
  }

  private async forget(key: string): Promise<void> {
    await this.storage
      .delete(key)
      .catch((error: Error) =>
        this.logger.warn(`Could not delete avatar ${key}: ${error.message}`),
      );
  }
}

function refusal(error: unknown): Error {
  if (!(error instanceof UploadRefused)) return error as Error;
  switch (error.failure.kind) {
    case 'too-large':
      return new PayloadTooLargeException('The image is larger than the limit of 10 MiB');
    case 'no-file':
      return new BadRequestException(['file is required: send it as the multipart field "file"']);
    case 'not-multipart':
      return new BadRequestException(['file must be sent as multipart/form-data, field "file"']);
    case 'aborted':
      return new BadRequestException(['The upload was interrupted']);
  }
}

/** 24 random bytes, URL-safe: the avatar's storage key. */
function newKey(): string {
  return randomBytes(24).toString('base64url');
}

async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
