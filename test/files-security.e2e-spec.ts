import sharp from 'sharp';
import type { ChatFile } from '../src/realtime/chat-events';
import { api, asBytes, Session } from './helpers/api-client';
import { startTestApp, TestApp } from './helpers/test-app';
import { aRoomName } from './builders/user.builder';

/** CRC-32 as PNG chunks use it. */
function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A real, tiny PNG whose header claims `width` × `height` pixels (a decompression bomb's shape). */
async function aPngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(
    await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
      .png()
      .toBuffer(),
  );
  // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4), … , CRC after 13 bytes.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

const SCRIPT = '<script>alert(document.cookie)</script>';

/**
 * The refusals issue #18 asks for, each as a user (or attacker) would meet it: files that try
 * to run script in the app's origin, an image that would exhaust memory, hostile file names,
 * and signatures that are forged, stale or borrowed.
 */
describe('Files: hostile uploads and links (e2e)', () => {
  let testApp: TestApp;
  let client: ReturnType<typeof api>;
  let alice: Session;
  let roomId: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    client = api(testApp);
    alice = await client.signUp();
    roomId = (await client.createRoom(alice, aRoomName('hostile'), undefined, 'private')).id;
  });
  afterAll(() => testApp.close());

  const upload = async (bytes: Buffer, filename: string, contentType: string): Promise<ChatFile> =>
    (
      await client
        .http()
        .post(`/api/rooms/${roomId}/files`)
        .auth(alice.accessToken, { type: 'bearer' })
        .attach('file', bytes, { filename, contentType })
        .expect(201)
    ).body as ChatFile;

  const fetchBytes = (url: string) => asBytes(client.http().get(url));

  /** What every served file carries, whatever it is. */
  function expectContained(headers: Record<string, string>): void {
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['content-security-policy']).toMatch(/\bsandbox\b/);
    expect(headers['content-type']).not.toMatch(/html|svg|xml|javascript/);
  }

  it('HTML claiming to be a PNG: typed from its bytes, served as an attachment', async () => {
    const file = await upload(
      Buffer.from(`<!doctype html><html><body>${SCRIPT}</body></html>`),
      'x.png',
      'image/png',
    );
    expect(file).toMatchObject({ contentType: 'application/octet-stream', width: null });
    expect(file.thumbnailUrl).toBeNull();
    const { headers } = await fetchBytes(file.url).expect(200);
    expectContained(headers);
    expect(headers['content-disposition']).toMatch(/^attachment/);
  });

  it('SVG with a script: never an image, never inline', async () => {
    const file = await upload(
      Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">${SCRIPT}</svg>`),
      'logo.svg',
      'image/svg+xml',
    );
    expect(file.contentType).not.toBe('image/svg+xml');
    expect(file).toMatchObject({ width: null, height: null, thumbnailUrl: null });
    const { headers } = await fetchBytes(file.url).expect(200);
    expectContained(headers);
    expect(headers['content-disposition']).toMatch(/^attachment/);
  });

  it('polyglots: a GIF header before a script, and a real PNG with HTML after it', async () => {
    const gifScript = await upload(
      Buffer.concat([
        Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00', 'latin1'),
        Buffer.from(SCRIPT),
      ]),
      'poly.gif',
      'image/gif',
    );
    // Typed as what its bytes start with, but not a decodable image: no size, no preview.
    expect(gifScript).toMatchObject({ width: null, height: null, thumbnailUrl: null });
    expectContained((await fetchBytes(gifScript.url).expect(200)).headers);

    const png = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#09c' } })
      .png()
      .toBuffer();
    const pngHtml = await upload(
      Buffer.concat([png, Buffer.from(`<html>${SCRIPT}</html>`)]),
      'poly.png',
      'text/html',
    );
    expect(pngHtml).toMatchObject({ contentType: 'image/png', width: 40, height: 20 });
    const served = await fetchBytes(pngHtml.url).expect(200);
    expectContained(served.headers);
    expect(served.headers['content-type']).toBe('image/png');
    // The thumbnail is re-encoded from the pixels: what trailed the image is not in it.
    if (pngHtml.thumbnailUrl) {
      const thumbnail = await fetchBytes(pngHtml.thumbnailUrl).expect(200);
      expect((thumbnail.body as Buffer).includes('<script')).toBe(false);
    }
  });

  it('an image declaring 100000 × 100000 pixels is stored as a plain file: no size, no thumbnail', async () => {
    const bomb = await aPngClaiming(100_000, 100_000);
    const file = await upload(bomb, 'bomb.png', 'image/png');
    expect(file).toMatchObject({
      size: bomb.length,
      width: null,
      height: null,
      thumbnailUrl: null,
    });
    const { body: again } = await client
      .http()
      .get(`/api/files/${file.id}`)
      .auth(alice.accessToken, { type: 'bearer' })
      .expect(200);
    expect(again.thumbnailUrl).toBeNull();
    await client.http().get('/api/health').expect(200);
  });

  it('file names with ../, quotes, newlines and RTL overrides reach no path and no header raw', async () => {
    const file = await upload(
      Buffer.from('hello'),
      '..\\..\\win.ini/../"quoted"\r\nSet-Cookie: x=1\u202Egnp.exe',
      'text/plain',
    );
    expect(file.name).not.toMatch(/[\\/\r\n\u202E]/);
    const { headers } = await fetchBytes(file.url).expect(200);
    expect(headers['set-cookie']).toBeUndefined();
    expect(headers['content-disposition']).toMatch(
      /^attachment; filename="[^"\r\n]*"; filename\*=UTF-8''/,
    );
  });

  it('refuses forged, stale and borrowed signatures, and hides the file from non-members', async () => {
    const secret = await upload(Buffer.from('the plans'), 'plans.txt', 'text/plain');
    const mine = await upload(Buffer.from('mine'), 'mine.txt', 'text/plain');
    const url = new URL(secret.url, testApp.url);
    const expires = url.searchParams.get('expires')!;
    const sig = url.searchParams.get('sig')!;
    const borrowed = new URL(mine.url, testApp.url).searchParams;

    // A stranger who is not in the (private) room: the file does not exist for them …
    const stranger = await client.signUp();
    await client
      .http()
      .get(`/api/files/${secret.id}`)
      .auth(stranger.accessToken, { type: 'bearer' })
      .expect(404);
    // … and a valid signature of another file opens nothing, nor does the thumbnail variant.
    await client
      .http()
      .get(`${url.pathname}?expires=${borrowed.get('expires')}&sig=${borrowed.get('sig')}`)
      .expect(403);
    await client
      .http()
      .get(`/api/files/${secret.id}/thumbnail?expires=${expires}&sig=${sig}`)
      .expect(403);
    await client
      .http()
      .get(
        `${url.pathname}?expires=${expires}&sig=${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`,
      )
      .expect(403);
    await client.http().get(`${url.pathname}?expires=1000000000&sig=${sig}`).expect(403);
    await client.http().get(url.pathname).expect(403);
    await fetchBytes(secret.url).expect(200);
  });
});
