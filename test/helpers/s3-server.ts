import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface LocalS3 {
  /** The S3_* variables that point the app at it (the bucket is created by the app). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** An S3-compatible server in this process, on a random port, storing in a temp folder. */
export async function startLocalS3(bucket = 'chat-files'): Promise<LocalS3> {
  const directory = mkdtempSync(join(tmpdir(), 'chat-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
  const { port } = await server.run();
  return {
    env: {
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_BUCKET: bucket,
      S3_REGION: 'us-east-1',
      // s3rver's fixed credentials.
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    },
    close: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
