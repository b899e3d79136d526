import { createReadStream } from 'node:fs';
import { mkdir, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { FileStorageConfig } from '../../config/app-config';
import { ByteRange, FileStorage, StoredFileMissingError } from './file-storage';

type S3Config = Extract<FileStorageConfig, { type: 's3' }>;

/**
 * Files in an S3-compatible bucket: what several instances share. Uploads are staged on local
 * disk first (probed there for type and size), so each object is written with one PUT of a
 * known length.
 */
export class S3FileStorage implements FileStorage {
  readonly stagingDir = join(tmpdir(), 'chat-uploads');
  private readonly client: S3Client;

  constructor(private readonly config: S3Config) {
    this.client = new S3Client({
      region: config.region,
      ...(config.endpoint && {
        endpoint: config.endpoint,
        forcePathStyle: true,
        // The SDK's default sends streamed bodies aws-chunked with a trailing checksum, which
        // many S3-compatible services store verbatim (chunk headers and all): checksums
        // only where the operation requires them.
        requestChecksumCalculation: 'WHEN_REQUIRED' as const,
        responseChecksumValidation: 'WHEN_REQUIRED' as const,
      }),
      // A copy: the SDK writes into it, and the configuration is frozen.
      ...(config.credentials && { credentials: { ...config.credentials } }),
    });
  }

  async prepare(): Promise<void> {
    await mkdir(this.stagingDir, { recursive: true });
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.config.bucket }));
    } catch (error) {
      if ((error as { name?: string }).name !== 'NotFound') throw error;
      // A fresh S3-compatible service (the tests', a new MinIO): make the bucket. Instances
      // starting together race to make it; the ones that lose find it made, which is fine.
      try {
        await this.client.send(new CreateBucketCommand({ Bucket: this.config.bucket }));
      } catch (createError) {
        const name = (createError as { name?: string }).name;
        if (name !== 'BucketAlreadyExists' && name !== 'BucketAlreadyOwnedByYou') {
          throw createError;
        }
      }
    }
  }

  async put(key: string, sourcePath: string, contentType: string): Promise<void> {
    try {
      const { size } = await stat(sourcePath);
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.config.bucket,
          Key: key,
          Body: createReadStream(sourcePath),
          ContentLength: size,
          ContentType: contentType,
        }),
      );
    } finally {
      await unlink(sourcePath).catch(() => undefined);
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    try {
      const { Body } = await this.client.send(
        new GetObjectCommand({
          Bucket: this.config.bucket,
          Key: key,
          ...(range && { Range: `bytes=${range.start}-${range.end}` }),
        }),
      );
      return Body as Readable;
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') throw new StoredFileMissingError(key);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    // S3 answers a delete of a missing key with success: repeating it is harmless.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: key }));
  }

  close(): void {
    this.client.destroy();
  }
}
