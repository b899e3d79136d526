import { randomBytes, randomUUID } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import {
  BadRequestException,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  PayloadTooLargeException,
} from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { SqliteSession } from '../database/sqlite/statements';
import { fileTypeFromFile } from 'file-type';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth.decorators';
import { AppConfig, FilesConfig, InjectAppConfig } from '../config/app-config';
import { WriteTransactions } from '../database/write-transactions';
import { cleanFileName, contentDisposition } from './content-disposition';
import { FileResponseDto, toFileResponse } from './dto/file-response.dto';
import { FileAccess } from './file-access';
import type { FileEntity } from './file.entity';
import { FileEvent, FileThumbnailReadyEvent } from './file-events';
import { FileUrls, FileVariant } from './file-urls';
import { FileClaim, FilesRepository, StoredKeys } from './files.repository';
import { makeThumbnail, probeImage, THUMBNAIL_CONTENT_TYPE } from './images';
import { receiveUpload, UploadRefused } from './multipart-upload';
import {
  ByteRange,
  FILE_STORAGE,
  FileStorage,
  StoredFileMissingError,
} from './storage/file-storage';
import { ThumbnailQueue } from './thumbnail-queue';
import { UploadRateLimiter } from './upload-rate-limiter';

export const MAX_FILES_PER_MESSAGE = 10;
/** Room for the multipart framing around the file when judging Content-Length up front. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
/** How long an upload waits for its thumbnail before answering without one. */
const THUMBNAIL_WAIT_MS = 1000;
const UNKNOWN_TYPE = 'application/octet-stream';

/** The bytes of a file (or a range of them) with what the response headers need. */
export interface FileContent {
  stream: Readable;
  contentType: string;
  contentDisposition: string;
  /** Size of the whole file (or thumbnail). */
  totalSize: number;
  /** Set for a 206 answer. */
  range?: ByteRange;
  /** When the signed URL that asked expires (Unix seconds): no cache may keep it longer. */
  signedUntil: number;
}

/** A `Range` header that cannot be served: 416 with `Content-Range: bytes *\/size`. */
export class RangeNotSatisfiableError extends Error {
  constructor(readonly totalSize: number) {
    super('Range Not Satisfiable');
  }
}

@Injectable()
export class FilesService {
  private readonly logger = new Logger(FilesService.name);
  private readonly config: FilesConfig;

  constructor(
    private readonly files: FilesRepository,
    private readonly access: FileAccess,
    private readonly urls: FileUrls,
    private readonly writes: WriteTransactions,
    private readonly thumbnails: ThumbnailQueue,
    private readonly events: EventEmitter2,
    private readonly uploadLimiter: UploadRateLimiter,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @InjectAppConfig() appConfig: AppConfig,
  ) {
    this.config = appConfig.files;
  }

  /**
   * Receives a multipart upload into the room: streamed to disk under a random name, typed
   * from its bytes, measured if an image, stored, recorded. The thumbnail is made off the
   * request path; the reply includes it when it is ready within a moment.
   */
  async upload(user: AuthUser, roomId: string, request: IncomingMessage): Promise<FileResponseDto> {
    await this.access.assertCanUpload(roomId, user);
    await this.uploadLimiter.consume(user.id).catch((error: unknown) => {
      request.resume(); // the body is not wanted: let it drain so the 429 gets through
      throw error;
    });
    const remainingQuota = this.config.quotaBytes - (await this.files.usedBytes(user.id));
    const limit = Math.min(this.config.maxBytes, remainingQuota);
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit + MULTIPART_OVERHEAD_BYTES) {
      request.resume();
      throw this.tooLarge(limit);
    }

    const staged = join(this.storage.stagingDir, newKey());
    let received;
    try {
      received = await receiveUpload(request, staged, Math.max(limit, 0));
    } catch (error) {
      throw this.refusal(error, limit);
    }

    const sniffed = await fileTypeFromFile(staged).catch(() => undefined);
    const contentType = sniffed?.mime ?? UNKNOWN_TYPE;
    const size = await probeImage(staged, contentType);
    const file: FileEntity = {
      id: randomUUID(),
      roomId,
      uploaderId: user.id,
      name: cleanFileName(received.name),
      size: received.size,
      contentType,
      storageKey: newKey(),
      width: size?.width ?? null,
      height: size?.height ?? null,
      thumbnailKey: null,
      messageId: null,
      createdAt: new Date(),
    };
    // The row first: bytes stored without a row would never be cleaned up, while a row
    // without bytes (a crash in between) is swept with the other unattached uploads.
    const isWithinQuota = await this.writes.run((manager) =>
      this.files.insertWithinQuota(manager, file, this.config.quotaBytes),
    );
    if (!isWithinQuota) {
      await unlink(staged).catch(() => undefined);
      throw this.tooLarge(remainingQuota);
    }
    await this.storage.put(file.storageKey, staged, file.contentType);

    if (size) {
      const job = this.thumbnails.add(`Thumbnail of file ${file.id}`, () =>
        this.makeThumbnail(file),
      );
      await Promise.race([job, delay(THUMBNAIL_WAIT_MS)]);
    }
    return this.toResponse(file);
  }

  /** A file as the caller may see it: its room's member, and for an unattached one its uploader. */
  async get(user: AuthUser, id: string): Promise<FileResponseDto> {
    const file = await this.files.findById(id);
    if (!file || (file.messageId === null && file.uploaderId !== user.id)) throw fileNotFound();
    await this.access.assertCanRead(file.roomId, user).catch((error: unknown) => {
      // Not telling whether the file exists to someone who may not see its room.
      throw error instanceof NotFoundException ? fileNotFound() : error;
    });
    return this.toResponse(file);
  }

  /**
   * The bytes behind a signed URL. The signature is the authorization (so that `<img src>`
   * works): a missing, wrong or expired one is 403; a valid one of a file removed since is 404.
   */
  async content(
    id: string,
    variant: FileVariant,
    signature: { expires?: string; sig?: string },
    rangeHeader: string | undefined,
  ): Promise<FileContent> {
    const signedUntil = this.urls.verify(id, variant, signature.expires, signature.sig);
    if (signedUntil === null) {
      throw new ForbiddenException('This file link is invalid or has expired; ask for a new one');
    }
    const file = await this.files.findById(id);
    if (!file) throw fileNotFound();
    const disposition = (contentType: string) => contentDisposition(file.name, contentType);
    if (variant === 'content') {
      const range = parseRange(rangeHeader, file.size);
      return {
        stream: await this.readStored(file.storageKey, range),
        contentType: file.contentType,
        contentDisposition: disposition(file.contentType),
        totalSize: file.size,
        ...(range && { range }),
        signedUntil,
      };
    }
    if (!file.thumbnailKey) throw fileNotFound();
    // A thumbnail is a few kilobytes and its size is not stored: read it whole.
    const bytes = await readAll(await this.readStored(file.thumbnailKey));
    const range = parseRange(rangeHeader, bytes.length);
    return {
      stream: Readable.from([range ? bytes.subarray(range.start, range.end + 1) : bytes]),
      contentType: THUMBNAIL_CONTENT_TYPE,
      contentDisposition: disposition(THUMBNAIL_CONTENT_TYPE),
      totalSize: bytes.length,
      ...(range && { range }),
      signedUntil,
    };
  }

  // ---- for the message send and delete paths ----

  /**
   * Checks, without writing, that a send may attach these files (for an early 400 before the
   * message is committed). {@link claimForMessage} checks again, atomically.
   */
  async assertClaimable(claim: Omit<FileClaim, 'messageId'>): Promise<void> {
    if (claim.fileIds.length > MAX_FILES_PER_MESSAGE) throw invalidFileIds();
    const ids = unique(claim.fileIds);
    if (ids.length === 0) return;
    const found = await Promise.all(ids.map((id) => this.files.findById(id)));
    const isClaimable = found.every(
      (file) =>
        file !== null &&
        file.uploaderId === claim.senderId &&
        file.roomId === claim.roomId &&
        file.messageId === null,
    );
    if (!isClaimable) throw invalidFileIds();
  }

  /**
   * Attaches the files to the message, in the caller's write transaction (the one that inserts
   * the message): all or none. Throws 400 (VALIDATION on a socket) naming `fileIds` when one is
   * unknown, another user's, of another room, already attached, or there are more than 10;
   * the throw rolls the caller's transaction back.
   */
  async claimForMessage(manager: EntityManager, claim: FileClaim): Promise<void> {
    if (!(await this.tryClaimForMessage(manager, claim))) throw invalidFileIds();
  }

  /** {@link claimForMessage} without the throw: false (nothing claimed) when it would throw. */
  async tryClaimForMessage(manager: EntityManager, claim: FileClaim): Promise<boolean> {
    const fileIds = unique(claim.fileIds);
    if (claim.fileIds.length > MAX_FILES_PER_MESSAGE) return false;
    if (fileIds.length === 0) return true;
    return this.files.claim(manager, { ...claim, fileIds });
  }

  /** {@link claimForMessage} inside WriteTransactions.runOnSqlite (synchronous). */
  claimForMessageOnSqlite(db: SqliteSession, claim: FileClaim): void {
    if (!this.tryClaimForMessageOnSqlite(db, claim)) throw invalidFileIds();
  }

  /** {@link tryClaimForMessage} inside WriteTransactions.runOnSqlite (synchronous). */
  tryClaimForMessageOnSqlite(db: SqliteSession, claim: FileClaim): boolean {
    const fileIds = unique(claim.fileIds);
    if (claim.fileIds.length > MAX_FILES_PER_MESSAGE) return false;
    if (fileIds.length === 0) return true;
    return this.files.claimOnSqlite(db, { ...claim, fileIds });
  }

  /** The files of each message (upload order), with fresh signed URLs; [] for none. */
  async filesForMessages(messageIds: string[]): Promise<Map<string, FileResponseDto[]>> {
    const byMessage = new Map<string, FileResponseDto[]>(messageIds.map((id) => [id, []]));
    for (const file of await this.files.findByMessageIds(unique(messageIds))) {
      byMessage.get(file.messageId!)?.push(this.toResponse(file));
    }
    return byMessage;
  }

  /**
   * Removes a message's files, rows and bytes. Call it after the deletion has committed; it
   * runs its own write transaction.
   */
  async deleteForMessage(messageId: string): Promise<void> {
    const removed = await this.writes.run((manager) =>
      this.files.deleteByMessageId(manager, messageId),
    );
    await this.deleteStored(removed);
  }

  /** Removes stored bytes of rows already deleted; failures are logged, the sweep forgets them. */
  async deleteStored(removed: StoredKeys[]): Promise<void> {
    const keys = removed.flatMap((keys) => [keys.storageKey, keys.thumbnailKey ?? []].flat());
    await Promise.all(
      keys.map((key) =>
        this.storage
          .delete(key)
          .catch((error: Error) => this.logger.warn(`Could not delete ${key}: ${error.message}`)),
      ),
    );
  }

  private async makeThumbnail(file: FileEntity): Promise<void> {
    const thumbnailKey = `${file.storageKey}.webp`;
    const staged = join(this.storage.stagingDir, `${newKey()}.webp`);
    await makeThumbnail(await this.storage.read(file.storageKey), staged);
    await this.storage.put(thumbnailKey, staged, THUMBNAIL_CONTENT_TYPE);
    const isStillThere = await this.writes.run((manager) =>
      this.files.setThumbnail(manager, file.id, thumbnailKey),
    );
    if (!isStillThere) {
      await this.storage.delete(thumbnailKey);
      return;
    }
    file.thumbnailKey = thumbnailKey;
    const stored = await this.files.findById(file.id);
    const event: FileThumbnailReadyEvent = {
      fileId: file.id,
      messageId: stored?.messageId ?? null,
    };
    this.events.emit(FileEvent.ThumbnailReady, event);
  }

  /** Bytes of a row whose storage was removed (by another instance, by hand) are a 404. */
  private async readStored(key: string, range?: ByteRange): Promise<Readable> {
    try {
      return await this.storage.read(key, range);
    } catch (error) {
      throw error instanceof StoredFileMissingError ? fileNotFound() : error;
    }
  }

  private toResponse(file: FileEntity): FileResponseDto {
    return toFileResponse(file, {
      url: this.urls.url(file.id, 'content'),
      thumbnailUrl: file.thumbnailKey ? this.urls.url(file.id, 'thumbnail') : null,
    });
  }

  private refusal(error: unknown, limit: number): Error {
    if (!(error instanceof UploadRefused)) return error as Error;
    switch (error.failure.kind) {
      case 'too-large':
        return this.tooLarge(limit);
      case 'no-file':
        return new BadRequestException('file is required: send it as the multipart field "file"');
      case 'not-multipart':
        return new BadRequestException('file must be sent as multipart/form-data, field "file"');
      case 'aborted':
        return new BadRequestException('The upload was interrupted');
    }
  }

  private tooLarge(limit: number): PayloadTooLargeException {
    return limit < this.config.maxBytes
      ? new PayloadTooLargeException(
          `Your files use up your storage quota of ${formatBytes(this.config.quotaBytes)}; delete some to upload more`,
        )
      : new PayloadTooLargeException(
          `The file is larger than the limit of ${formatBytes(this.config.maxBytes)}`,
        );
  }
}

export function fileNotFound(): NotFoundException {
  return new NotFoundException('File not found');
}

export function invalidFileIds(): BadRequestException {
  return new BadRequestException([
    `fileIds must name at most ${MAX_FILES_PER_MESSAGE} files that you uploaded to this room and that are not attached to a message yet`,
  ]);
}

/**
 * One `bytes=start-end` range (also `start-` and `-suffix`); undefined serves the whole file
 * (no header, several ranges, or a unit other than bytes, as RFC 9110 allows).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  const match = header?.trim().match(/^bytes=(\d*)-(\d*)$/);
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) throw new RangeNotSatisfiableError(size);
    start = Math.max(size - suffix, 0);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
    if (match[2] !== '' && Number(match[2]) < start) return undefined;
  }
  if (start >= size) throw new RangeNotSatisfiableError(size);
  return { start, end };
}

/** 22 random bytes, URL-safe: the name of stored bytes, unrelated to the user's file name. */
function newKey(): string {
  return randomBytes(24).toString('base64url');
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** In the units the client shows sizes in ("25 MB", counted in 1024s as people's systems do). */
function formatBytes(bytes: number): string {
  const megabytes = bytes / (1024 * 1024);
  return megabytes >= 1 ? `${Number(megabytes.toFixed(1))} MB` : `${bytes} bytes`;
}
