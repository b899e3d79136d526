import { createHmac } from 'node:crypto';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

/** The FILES_* and S3_* variables (issue #18). */
describe('loadConfig: files', () => {
  const secret = 'x'.repeat(40);

  it('defaults: 25 MiB, 1 GiB quota, 60 uploads a minute, a folder beside the SQLite file, a derived URL key', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_PATH: '/srv/chat/db.sqlite',
      JWT_SECRET: secret,
    });
    expect(config.files).toEqual({
      maxBytes: 25 * 1024 * 1024,
      quotaBytes: 1024 * 1024 * 1024,
      uploadsPerMinute: 60,
      urlSecret: createHmac('sha256', secret).update('chat file URL signing v1').digest('hex'),
      storage: { type: 'local', dir: '/srv/chat/files' },
    });
  });

  it('keeps files under ./data with PostgreSQL, unless FILES_DIR says otherwise', () => {
    const postgres = { NODE_ENV: 'test', DATABASE_URL: 'postgres://u@db/chat' };
    expect(loadConfig(postgres).files.storage).toEqual({
      type: 'local',
      dir: resolve('data', 'files'),
    });
    expect(loadConfig({ ...postgres, FILES_DIR: '/var/files' }).files.storage).toEqual({
      type: 'local',
      dir: join('/var/files'),
    });
  });

  it('selects S3 by S3_BUCKET', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      S3_BUCKET: 'uploads',
      S3_ENDPOINT: 'http://minio:9000',
      S3_ACCESS_KEY_ID: 'key',
      S3_SECRET_ACCESS_KEY: 'secret',
      FILES_URL_SECRET: 'y'.repeat(32),
    });
    expect(config.files.storage).toEqual({
      type: 's3',
      bucket: 'uploads',
      region: 'us-east-1',
      endpoint: 'http://minio:9000',
      credentials: { accessKeyId: 'key', secretAccessKey: 'secret' },
    });
    expect(config.files.urlSecret).toBe('y'.repeat(32));
  });

  it('names each bad variable', () => {
    let error: unknown;
    try {
      loadConfig({
        NODE_ENV: 'test',
        FILES_MAX_BYTES: '0',
        FILES_QUOTA_BYTES: 'lots',
        FILES_URL_SECRET: 'short',
        S3_BUCKET: 'b',
        S3_ENDPOINT: 'minio:9000',
        S3_ACCESS_KEY_ID: 'only-the-key',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'FILES_MAX_BYTES',
      'FILES_QUOTA_BYTES',
      'FILES_URL_SECRET',
      'S3_ENDPOINT',
      'S3_ACCESS_KEY_ID',
    ]) {
      expect(problems).toContain(name);
    }
  });
});
