import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { UnattachedFilesSweeper, UNATTACHED_TTL_MS } from '../src/files/unattached-files-sweeper';
import { FilesService } from '../src/files/files.service';
import { WriteTransactions } from '../src/database/write-transactions';
import { api, Session } from './helpers/api-client';
import { eventually } from './helpers/socket-client';
import { startTestApp, TestApp } from './helpers/test-app';
import { aRoomName } from './builders/user.builder';

const SMALL_LIMIT = 64 * 1024;
const QUOTA = 200 * 1024;

function aPng(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#3366cc' } })
    .png()
    .toBuffer();
}

function aJpegWithExif(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#cc6633' } })
    .jpeg()
    .withMetadata({ exif: { IFD0: { Copyright: 'secret author' } } })
    .toBuffer();
}

/** Every stored file under FILES_DIR, staging folder included. */
function storedFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('Files (e2e)', () => {
  let testApp: TestApp;
  let client: ReturnType<typeof api>;
  let alice: Session;
  let bob: Session;
  let roomId: string;
  let filesDir: string;

  beforeAll(async () => {
    testApp = await startTestApp({
      FILES_MAX_BYTES: String(SMALL_LIMIT),
      FILES_QUOTA_BYTES: String(QUOTA),
    });
    client = api(testApp);
    const storage = testApp.config.files.storage;
    if (storage.type !== 'local') throw new Error('expected the local driver by default');
    filesDir = storage.dir;
    alice = await client.signUp();
    roomId = (await client.createRoom(alice, aRoomName('files'))).id;
    bob = await aMember();
  });

  /** A new user who is a member of the room (uploads are for members only). */
  async function aMember(): Promise<Session> {
    const session = await client.signUp();
    await client.addMember(alice, roomId, session);
    return session;
  }

  afterAll(() => testApp.close());

  const upload = (
    session: Session,
    room: string,
    bytes: Buffer,
    filename: string,
    contentType?: string,
  ) =>
    client
      .http()
      .post(`/api/rooms/${room}/files`)
      .auth(session.accessToken, { type: 'bearer' })
      .attach('file', bytes, { filename, contentType: contentType ?? 'application/octet-stream' });

  const getFile = (session: Session, id: string) =>
    client.http().get(`/api/files/${id}`).auth(session.accessToken, { type: 'bearer' });

  /** Waits for the thumbnail (made off the request path) and returns the File. */
  async function withThumbnail(session: Session, id: string) {
    let file: any;
    await eventually(async () => {
      file = (await getFile(session, id).expect(200)).body;
      expect(file.thumbnailUrl).not.toBeNull();
    }, 10_000);
    return file;
  }

  it('stores a PNG with its dimensions, and serves it inline with the contract headers', async () => {
    const png = await aPng(800, 600);
    const { body: file } = await upload(alice, roomId, png, 'photo.png').expect(201);
    expect(file).toEqual({
      id: expect.any(String),
      name: 'photo.png',
      size: png.length,
      contentType: 'image/png',
      width: 800,
      height: 600,
      url: expect.stringMatching(new RegExp(`^/api/files/${file.id}/content\\?expires=\\d+&sig=`)),
      thumbnailUrl: file.thumbnailUrl === null ? null : expect.stringContaining('/thumbnail?'),
    });

    const response = await client.http().get(file.url).buffer(true).expect(200);
    expect(Buffer.compare(response.body as Buffer, png)).toBe(0);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toBe('sandbox');
    expect(response.headers['content-disposition']).toMatch(/^inline;/);
    expect(response.headers['content-length']).toBe(String(png.length));
  });

  it('makes a thumbnail that fits in 400 × 400, without metadata', async () => {
    const jpeg = await aJpegWithExif(1200, 900);
    const { body: uploaded } = await upload(alice, roomId, jpeg, 'big.jpg', 'image/jpeg').expect(
      201,
    );
    expect(uploaded).toMatchObject({ contentType: 'image/jpeg', width: 1200, height: 900 });
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();

    const file = await withThumbnail(alice, uploaded.id);
    const response = await client.http().get(file.thumbnailUrl).buffer(true).expect(200);
    expect(response.headers['content-type']).toBe('image/webp');
    expect(response.headers['content-security-policy']).toBe('sandbox');
    const thumbnail = await sharp(response.body as Buffer).metadata();
    expect(thumbnail).toMatchObject({ width: 400, height: 300 });
    expect(thumbnail.exif).toBeUndefined();
  });

  it('takes the type from the bytes: text claiming to be a PNG downloads as an attachment', async () => {
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const { body: file } = await upload(alice, roomId, html, 'x.png', 'image/png').expect(201);
    expect(file).toMatchObject({
      name: 'x.png',
      contentType: 'application/octet-stream',
      width: null,
      height: null,
      thumbnailUrl: null,
    });
    const response = await client.http().get(file.url).expect(200);
    expect(response.headers['content-type']).toBe('application/octet-stream');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="x.png"; filename*=UTF-8''x.png`,
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toBe('sandbox');
  });

  it('cleans the file name: no path, no control or bidi characters', async () => {
    const { body: file } = await upload(
      alice,
      roomId,
      Buffer.from('plain text'),
      '../../etc/pa"ss\u202Ewd\n.txt',
    ).expect(201);
    expect(file.name).toBe('pa"sswd.txt');
    const response = await client.http().get(file.url).expect(200);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="pa_sswd.txt"; filename*=UTF-8''pa%22sswd.txt`,
    );
  });

  it('serves Range requests with 206, and 416 past the end', async () => {
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));
    const { body: file } = await upload(alice, roomId, bytes, 'data.bin').expect(201);

    const partial = await client
      .http()
      .get(file.url)
      .set('Range', 'bytes=10-19')
      .buffer(true)
      .expect(206);
    expect(partial.headers['content-range']).toBe('bytes 10-19/1000');
    expect(partial.headers['content-length']).toBe('10');
    expect(Buffer.compare(partial.body as Buffer, bytes.subarray(10, 20))).toBe(0);

    const suffix = await client
      .http()
      .get(file.url)
      .set('Range', 'bytes=-5')
      .buffer(true)
      .expect(206);
    expect(suffix.headers['content-range']).toBe('bytes 995-999/1000');

    const beyond = await client.http().get(file.url).set('Range', 'bytes=5000-').expect(416);
    expect(beyond.headers['content-range']).toBe('bytes */1000');
  });

  it('answers 403 for a tampered, expired or missing signature, and for another file’s', async () => {
    const { body: file } = await upload(alice, roomId, Buffer.from('secret'), 's.txt').expect(201);
    const { body: other } = await upload(alice, roomId, Buffer.from('other'), 'o.txt').expect(201);
    const url = new URL(file.url, testApp.url);
    const sig = url.searchParams.get('sig')!;

    const tampered = `${url.pathname}?expires=${url.searchParams.get('expires')}&sig=${sig.slice(0, -2)}AA`;
    await client.http().get(tampered).expect(403);
    const extended = `${url.pathname}?expires=${Number(url.searchParams.get('expires')) + 600}&sig=${sig}`;
    await client.http().get(extended).expect(403);
    await client.http().get(`${url.pathname}?expires=1000&sig=${sig}`).expect(403);
    await client.http().get(url.pathname).expect(403);
    const otherPath = new URL(other.url, testApp.url).pathname;
    await client.http().get(`${otherPath}${url.search}`).expect(403);
    // The content signature does not open the thumbnail.
    await client.http().get(`/api/files/${file.id}/thumbnail${url.search}`).expect(403);
  });

  it('answers 413 over FILES_MAX_BYTES and keeps nothing of it', async () => {
    const before = storedFiles(filesDir).length;
    const response = await upload(
      alice,
      roomId,
      Buffer.alloc(SMALL_LIMIT + 1, 1),
      'big.bin',
    ).expect(413);
    expect(response.body.message).toBe('The file is larger than the limit of 65536 bytes');
    expect(storedFiles(filesDir)).toHaveLength(before);
    // Exactly at the limit is fine.
    await upload(await aMember(), roomId, Buffer.alloc(SMALL_LIMIT, 1), 'edge.bin').expect(201);
  });

  it('answers 413 once the uploader’s quota is used up; other users are unaffected', async () => {
    const carol = await aMember();
    const chunk = Buffer.alloc(60 * 1024, 2);
    for (let i = 0; i < 3; i += 1) await upload(carol, roomId, chunk, `c${i}.bin`).expect(201);
    const refused = await upload(carol, roomId, chunk, 'c3.bin').expect(413);
    expect(refused.body.message).toMatch(/quota/);
    await upload(bob, roomId, chunk, 'b.bin').expect(201);
  });

  it('takes uploads from members only: 403 for a public room’s non-member, 404 for a private room’s outsider', async () => {
    const outsider = await client.signUp();
    await upload(outsider, roomId, Buffer.from('x'), 'x.txt').expect(403);
    const secret = await client.createRoom(alice, aRoomName('secret files'), undefined, 'private');
    const refused = await upload(outsider, secret.id, Buffer.from('x'), 'x.txt').expect(404);
    expect(refused.body.message).toBe('Room not found');
    await upload(alice, secret.id, Buffer.from('x'), 'x.txt').expect(201);
  });

  it('refuses an upload without a file, to a bad or unknown room, or without a token', async () => {
    await client
      .http()
      .post(`/api/rooms/${roomId}/files`)
      .auth(alice.accessToken, { type: 'bearer' })
      .field('other', 'x')
      .expect(400);
    await upload(alice, 'not-a-uuid', Buffer.from('x'), 'x.txt').expect(400);
    await upload(alice, '00000000-0000-4000-8000-000000000000', Buffer.from('x'), 'x.txt').expect(
      404,
    );
    await client
      .http()
      .post(`/api/rooms/${roomId}/files`)
      .attach('file', Buffer.from('x'), 'x.txt')
      .expect(401);
  });

  it('GET /api/files/:id: the uploader gets fresh URLs; others 404 while it is unattached', async () => {
    const { body: file } = await upload(alice, roomId, Buffer.from('mine'), 'm.txt').expect(201);
    const { body: again } = await getFile(alice, file.id).expect(200);
    expect(again).toMatchObject({ id: file.id, name: 'm.txt', size: 4 });
    await getFile(bob, file.id).expect(404);
    await getFile(alice, '00000000-0000-4000-8000-000000000000').expect(404);
    await getFile(alice, 'nope').expect(400);
    await client.http().get(`/api/files/${file.id}`).expect(401);
  });

  describe('attach API for the send path', () => {
    const files = () => testApp.app.get(FilesService);
    const writes = () => testApp.app.get(WriteTransactions);
    const messageId = '00000000-0000-4000-8000-0000000000aa';

    it('claims only the sender’s unattached files of the room, all or none', async () => {
      const { body: a } = await upload(alice, roomId, Buffer.from('a'), 'a.txt').expect(201);
      const { body: b } = await upload(alice, roomId, Buffer.from('b'), 'b.txt').expect(201);
      const { body: bobs } = await upload(bob, roomId, Buffer.from('c'), 'c.txt').expect(201);
      const claim = (fileIds: string[], id = messageId) =>
        writes().run((manager) =>
          files().tryClaimForMessage(manager, {
            fileIds,
            senderId: alice.user.id,
            roomId,
            messageId: id,
          }),
        );

      await expect(
        files().assertClaimable({ fileIds: [a.id, bobs.id], senderId: alice.user.id, roomId }),
      ).rejects.toMatchObject({ response: { message: [expect.stringMatching(/^fileIds /)] } });
      expect(await claim([a.id, bobs.id])).toBe(false);
      expect((await files().filesForMessages([messageId])).get(messageId)).toEqual([]);

      expect(await claim([a.id, b.id])).toBe(true);
      const attached = (await files().filesForMessages([messageId])).get(messageId)!;
      expect(attached.map((file) => file.id).sort()).toEqual([a.id, b.id].sort());
      // Attached: other users (members) may now read it; non-members, even of a public room, not.
      await getFile(bob, a.id).expect(200);
      await getFile(await client.signUp(), a.id).expect(404);
      // Already attached: not again.
      expect(await claim([a.id], '00000000-0000-4000-8000-0000000000bb')).toBe(false);

      await files().deleteForMessage(messageId);
      await getFile(alice, a.id).expect(404);
      await client.http().get(a.url).expect(404);
    });
  });

  it('sweeps unattached uploads older than a day, rows and bytes, once', async () => {
    const { body: file } = await upload(alice, roomId, await aPng(50, 50), 'old.png').expect(201);
    await withThumbnail(alice, file.id);
    const sweeper = testApp.app.get(UnattachedFilesSweeper);
    const later = new Date(Date.now() + UNATTACHED_TTL_MS + 60_000);
    const [first, second] = await Promise.all([sweeper.sweep(later), sweeper.sweep(later)]);
    expect(first + second).toBeGreaterThanOrEqual(1);
    await getFile(alice, file.id).expect(404);
    await client.http().get(file.url).expect(404);
    expect(storedFiles(filesDir).filter((path) => !path.includes('incoming'))).toEqual([]);
  });
});
