import sharp from 'sharp';
import { UnattachedFilesSweeper, UNATTACHED_TTL_MS } from '../src/files/unattached-files-sweeper';
import { api, Session } from './helpers/api-client';
import { startLocalS3, LocalS3 } from './helpers/s3-server';
import { eventually } from './helpers/socket-client';
import { startTestApp, TestApp } from './helpers/test-app';
import { aRoomName } from './builders/user.builder';

/** The same upload and download paths with the S3 driver, against s3rver in this process. */
describe('Files on S3-compatible storage (e2e)', () => {
  let s3: LocalS3;
  let testApp: TestApp;
  let client: ReturnType<typeof api>;
  let alice: Session;
  let roomId: string;

  beforeAll(async () => {
    s3 = await startLocalS3();
    testApp = await startTestApp({ ...s3.env, FILES_MAX_BYTES: String(64 * 1024) });
    client = api(testApp);
    alice = await client.signUp();
    roomId = (await client.createRoom(alice, aRoomName('s3'))).id;
  });

  afterAll(async () => {
    await testApp?.close();
    await s3?.close();
  });

  const upload = (bytes: Buffer, filename: string) =>
    client
      .http()
      .post(`/api/rooms/${roomId}/files`)
      .auth(alice.accessToken, { type: 'bearer' })
      .attach('file', bytes, filename);

  it('stores, serves (whole and by range), thumbnails and sweeps an image', async () => {
    expect(testApp.config.files.storage.type).toBe('s3');
    const png = await sharp({
      create: { width: 1000, height: 500, channels: 4, background: '#00ff0080' },
    })
      .png()
      .toBuffer();
    const { body: uploaded } = await upload(png, 'wide.png').expect(201);
    expect(uploaded).toMatchObject({ contentType: 'image/png', width: 1000, height: 500 });

    const whole = await client.http().get(uploaded.url).buffer(true).expect(200);
    expect(Buffer.compare(whole.body as Buffer, png)).toBe(0);
    expect(whole.headers['content-security-policy']).toBe('sandbox');

    const part = await client.http().get(uploaded.url).set('Range', 'bytes=0-7').buffer(true);
    expect(part.status).toBe(206);
    expect(Buffer.compare(part.body as Buffer, png.subarray(0, 8))).toBe(0);

    let file: { thumbnailUrl: string | null; url: string } = uploaded;
    await eventually(async () => {
      ({ body: file } = await client
        .http()
        .get(`/api/files/${uploaded.id}`)
        .auth(alice.accessToken, { type: 'bearer' })
        .expect(200));
      expect(file.thumbnailUrl).not.toBeNull();
    }, 10_000);
    const thumbnail = await client.http().get(file.thumbnailUrl!).buffer(true).expect(200);
    expect(await sharp(thumbnail.body as Buffer).metadata()).toMatchObject({
      format: 'webp',
      width: 400,
      height: 200,
    });

    const later = new Date(Date.now() + UNATTACHED_TTL_MS + 60_000);
    expect(await testApp.app.get(UnattachedFilesSweeper).sweep(later)).toBe(1);
    await client.http().get(uploaded.url).expect(404);
  });

  it('refuses a file over the limit with 413', async () => {
    await upload(Buffer.alloc(64 * 1024 + 1), 'big.bin').expect(413);
  });
});
