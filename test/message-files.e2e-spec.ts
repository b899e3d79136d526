import sharp from 'sharp';
import type { ChatFile, ChatMessage } from '../src/realtime/chat-events';
import { ThumbnailQueue } from '../src/files/thumbnail-queue';
import { api, asBytes, Session } from './helpers/api-client';
import { connectAs, eventually, record, request, socketsOfEachTest } from './helpers/socket-client';
import { startTestApp, TestApp } from './helpers/test-app';
import { aRoomName } from './builders/user.builder';

const A_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');

function aPng(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#2e7d32' } })
    .png()
    .toBuffer();
}

describe('Files in messages (e2e)', () => {
  let testApp: TestApp;
  let client: ReturnType<typeof api>;
  let alice: Session;
  let bob: Session;
  let roomId: string;
  let otherRoomId: string;
  const sockets = socketsOfEachTest();
  let release: () => void = () => undefined;

  beforeAll(async () => {
    testApp = await startTestApp({ MESSAGE_RATE_BURST: '1000' });
    client = api(testApp);
    alice = await client.signUp();
    bob = await client.signUp();
    roomId = (await client.createRoom(alice, aRoomName('attach'))).id;
    otherRoomId = (await client.createRoom(alice, aRoomName('elsewhere'))).id;
    await client.addMember(alice, roomId, bob);
  });

  afterAll(() => {
    release(); // never leave the thumbnail queue blocked: shutdown waits for it
    return testApp.close();
  });

  const upload = async (
    session: Session,
    bytes: Buffer,
    filename: string,
    room = roomId,
  ): Promise<ChatFile> => {
    const response = await client
      .http()
      .post(`/api/rooms/${room}/files`)
      .auth(session.accessToken, { type: 'bearer' })
      .attach('file', bytes, { filename, contentType: 'application/octet-stream' })
      .expect(201);
    return response.body as ChatFile;
  };

  const send = (session: Session, body: Record<string, unknown>, room = roomId) =>
    client
      .http()
      .post(`/api/rooms/${room}/messages`)
      .auth(session.accessToken, { type: 'bearer' })
      .send(body);

  const history = async (session: Session): Promise<ChatMessage[]> =>
    client.allMessages(session, roomId);

  const lastSeq = async (): Promise<number> => {
    const { body } = await client
      .http()
      .get(`/api/rooms/${roomId}`)
      .auth(alice.accessToken, { type: 'bearer' })
      .expect(200);
    return body.lastSeq as number;
  };

  /** The bytes behind a (relative) signed URL, fetched with no token, as `<img src>` does. */
  const bytesAt = (url: string) => asBytes(client.http().get(url));

  async function joined(session: Session, payload: Record<string, unknown> = {}) {
    const socket = await connectAs(testApp, session);
    sockets.track(socket);
    const ack = await request(socket, 'room:join', { roomId, ...payload });
    expect(ack.ok).toBe(true);
    return { socket, ack };
  }

  it('REST: a message with an image and a PDF and no text; everyone reads them with working URLs', async () => {
    const png = await aPng(640, 480);
    const image = await upload(alice, png, 'holiday.png');
    const pdf = await upload(alice, A_PDF, 'minutes.pdf');
    const { socket: bobSocket } = await joined(bob);
    const live = record(bobSocket, 'message:new');

    const { body: message } = await send(alice, { body: '', fileIds: [image.id, pdf.id] }).expect(
      201,
    );

    expect(message.body).toBe('');
    expect(message.files).toEqual([
      {
        id: image.id,
        name: 'holiday.png',
        size: png.length,
        contentType: 'image/png',
        width: 640,
        height: 480,
        url: expect.stringMatching(/^\/api\/files\/.+sig=/),
        thumbnailUrl: expect.stringMatching(/^\/api\/files\/.+\/thumbnail\?/),
      },
      {
        id: pdf.id,
        name: 'minutes.pdf',
        size: A_PDF.length,
        contentType: 'application/pdf',
        width: null,
        height: null,
        url: expect.any(String),
        thumbnailUrl: null,
      },
    ]);
    await eventually(() => expect(live.map((m) => m.id)).toEqual([message.id]));
    expect(live[0].files.map((file) => file.id)).toEqual([image.id, pdf.id]);

    const [read] = (await history(bob)).filter((m) => m.id === message.id);
    expect(read.files.map((file) => file.name)).toEqual(['holiday.png', 'minutes.pdf']);
    const pdfBytes = await bytesAt(read.files[1].url).expect(200);
    expect(pdfBytes.headers['content-disposition']).toMatch(/^attachment/);
    expect(Buffer.compare(pdfBytes.body as Buffer, A_PDF)).toBe(0);
    const thumbnail = await bytesAt(read.files[0].thumbnailUrl!).expect(200);
    expect(thumbnail.headers['content-type']).toBe('image/webp');
    // Once attached, any member may ask for the file itself.
    await client
      .http()
      .get(`/api/files/${pdf.id}`)
      .auth(bob.accessToken, { type: 'bearer' })
      .expect(200);
  });

  it('a search result and a jump around it carry the message’s files, as history does', async () => {
    const pdf = await upload(alice, A_PDF, 'quarterly.pdf');
    const { body: sent } = await send(alice, {
      body: 'quarterly figures attached',
      fileIds: [pdf.id],
    }).expect(201);

    const { body: found } = await client
      .http()
      .get('/api/search')
      .query({ q: 'quarterly figures', roomId })
      .auth(bob.accessToken, { type: 'bearer' })
      .expect(200);
    expect(found.results.map((r: { message: ChatMessage }) => r.message.id)).toEqual([sent.id]);
    expect(found.results[0].message.files.map((file: ChatFile) => file.name)).toEqual([
      'quarterly.pdf',
    ]);
    await bytesAt(found.results[0].message.files[0].url).expect(200);

    const { body: around } = await client
      .http()
      .get(`/api/rooms/${roomId}/messages`)
      .query({ around: sent.seq, limit: 5 })
      .auth(bob.accessToken, { type: 'bearer' })
      .expect(200);
    const jumped = around.messages.find((m: ChatMessage) => m.id === sent.id);
    expect(jumped.files.map((file: ChatFile) => file.name)).toEqual(['quarterly.pdf']);
  });

  it('socket: message:send with fileIds acks the files, and the room gets them in message:new', async () => {
    const file = await upload(alice, Buffer.from('just some notes\n'), 'notes.txt');
    const { socket: aliceSocket } = await joined(alice);
    const { socket: bobSocket } = await joined(bob);
    const live = record(bobSocket, 'message:new');

    const ack = await request(aliceSocket, 'message:send', {
      roomId,
      body: '  see attached  ',
      fileIds: [file.id],
    });

    expect(ack.ok).toBe(true);
    expect(ack.message.body).toBe('see attached');
    expect(ack.message.files).toMatchObject([{ id: file.id, name: 'notes.txt', size: 16 }]);
    await eventually(() => expect(live).toHaveLength(1));
    expect(live[0].files).toMatchObject([{ id: file.id }]);
  });

  it('a send without files still needs a body; with files the body may be left out', async () => {
    const empty = await send(alice, { body: '   ' }).expect(400);
    expect(JSON.stringify(empty.body.message)).toMatch(/body/);
    await send(alice, {}).expect(400);
    await send(alice, { body: '', fileIds: [] }).expect(400);

    const file = await upload(alice, Buffer.from('x'), 'x.txt');
    const { body } = await send(alice, { fileIds: [file.id] }).expect(201);
    expect(body.body).toBe('');
    expect(body.files).toHaveLength(1);
  });

  it('refuses files that are not the sender’s unattached uploads to this room, writing nothing', async () => {
    const mine = await upload(alice, Buffer.from('mine'), 'mine.txt');
    const bobs = await upload(bob, Buffer.from('bob'), 'bob.txt');
    const elsewhere = await upload(alice, Buffer.from('else'), 'else.txt', otherRoomId);
    const attached = await upload(alice, Buffer.from('once'), 'once.txt');
    await send(alice, { body: 'first', fileIds: [attached.id] }).expect(201);
    const before = await lastSeq();

    for (const fileIds of [
      [mine.id, bobs.id],
      [elsewhere.id],
      [attached.id],
      [mine.id, '00000000-0000-4000-8000-000000000000'],
    ]) {
      const refused = await send(alice, { body: 'hi', fileIds }).expect(400);
      expect(JSON.stringify(refused.body.message)).toMatch(/fileIds/);
    }
    const tooMany = await send(alice, { body: 'hi', fileIds: new Array(11).fill(mine.id) });
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body.message)).toMatch(/fileIds/);
    await send(alice, { body: 'hi', fileIds: ['not-a-uuid'] }).expect(400);
    await send(alice, { body: 'hi', fileIds: 'nope' }).expect(400);

    const { socket } = await joined(alice);
    const ack = await request(socket, 'message:send', { roomId, body: 'hi', fileIds: [bobs.id] });
    expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(ack.error.message).toMatch(/fileIds/);

    // Nothing was written (no seq taken), and the refused file can still be attached.
    expect(await lastSeq()).toBe(before);
    const { body } = await send(alice, { body: 'now', fileIds: [mine.id] }).expect(201);
    expect(body.seq).toBe(before + 1);
    expect(body.files).toMatchObject([{ id: mine.id }]);
  });

  it('a retried clientMsgId returns the stored message and claims nothing new', async () => {
    const first = await upload(alice, Buffer.from('one'), 'one.txt');
    const second = await upload(alice, Buffer.from('two'), 'two.txt');
    const clientMsgId = `retry-${Date.now()}`;
    const { body: stored } = await send(alice, {
      body: 'a',
      clientMsgId,
      fileIds: [first.id],
    }).expect(201);

    const { body: again } = await send(alice, {
      body: 'a',
      clientMsgId,
      fileIds: [second.id],
    }).expect(200);

    expect(again.id).toBe(stored.id);
    expect(again.files.map((file: ChatFile) => file.id)).toEqual([first.id]);
    // The second file is still the sender's to attach.
    const { body: later } = await send(alice, { body: 'b', fileIds: [second.id] }).expect(201);
    expect(later.files.map((file: ChatFile) => file.id)).toEqual([second.id]);
  });

  it('deleting the message deletes its files: files becomes [], the bytes and the file are gone', async () => {
    const file = await upload(alice, await aPng(50, 50), 'gone.png');
    const { body: message } = await send(alice, { body: 'soon gone', fileIds: [file.id] }).expect(
      201,
    );
    const { socket: bobSocket } = await joined(bob);
    const updates = record(bobSocket, 'message:updated');

    await client
      .http()
      .delete(`/api/messages/${message.id}`)
      .auth(alice.accessToken, { type: 'bearer' })
      .expect(204);

    await eventually(() => expect(updates).toHaveLength(1));
    expect(updates[0]).toMatchObject({ id: message.id, files: [], deletedAt: expect.any(String) });
    const [read] = (await history(bob)).filter((m) => m.id === message.id);
    expect(read.files).toEqual([]);
    await client
      .http()
      .get(`/api/files/${file.id}`)
      .auth(alice.accessToken, { type: 'bearer' })
      .expect(404);
    await bytesAt(message.files[0].url).expect(404);
  });

  it('a thumbnail ready after the send gives the message a new version and message:updated', async () => {
    // Keep the thumbnail queue busy so that the upload answers before its thumbnail is made.
    const busy = new Promise<void>((resolve) => (release = resolve));
    void testApp.app.get(ThumbnailQueue).add('test: busy', () => busy);
    const file = await upload(alice, await aPng(800, 600), 'late.png');
    expect(file.thumbnailUrl).toBeNull();
    const { socket: bobSocket, ack: joinAck } = await joined(bob);
    const updates = record(bobSocket, 'message:updated');
    const { body: message } = await send(alice, { body: 'late thumb', fileIds: [file.id] }).expect(
      201,
    );
    expect(message.files[0].thumbnailUrl).toBeNull();

    release();

    await eventually(() => expect(updates).toHaveLength(1), 5000);
    expect(updates[0].id).toBe(message.id);
    expect(updates[0].version).toBeGreaterThan(0);
    expect(updates[0].editedAt).toBeNull();
    expect(updates[0].files[0].thumbnailUrl).toMatch(/\/thumbnail\?/);
    // A client that was away gets it among the room's changes.
    const { ack } = await joined(alice, { afterChange: joinAck.room.lastChange });
    const changed = (ack.changed as ChatMessage[]).find((m) => m.id === message.id);
    expect(changed?.files[0].thumbnailUrl).toMatch(/\/thumbnail\?/);
    const [read] = (await history(alice)).filter((m) => m.id === message.id);
    expect(read.files[0]).toMatchObject({ width: 800, height: 600 });
    expect(read.files[0].thumbnailUrl).not.toBeNull();
  });

  it('documents fileIds and files in the OpenAPI document', async () => {
    const { body: doc } = await client.http().get('/api/docs-json').expect(200);
    const create = doc.components.schemas.CreateMessageDto;
    expect(create.properties.fileIds).toMatchObject({
      type: 'array',
      maxItems: 10,
      items: { type: 'string', format: 'uuid' },
    });
    expect(create.required).not.toContain('fileIds');
    expect(doc.components.schemas.MessageResponseDto.properties.files).toMatchObject({
      type: 'array',
      items: { $ref: '#/components/schemas/FileResponseDto' },
    });
  });

  it('an edit keeps the files, with fresh URLs in message:updated', async () => {
    const file = await upload(alice, Buffer.from('kept'), 'kept.txt');
    const { body: message } = await send(alice, { body: 'v1', fileIds: [file.id] }).expect(201);
    const { body: edited } = await client
      .http()
      .patch(`/api/messages/${message.id}`)
      .auth(alice.accessToken, { type: 'bearer' })
      .send({ body: 'v2' })
      .expect(200);
    expect(edited.files).toMatchObject([{ id: file.id, name: 'kept.txt' }]);
  });

  it('an edit may empty the body of a message with files, as a send may; not of one without', async () => {
    const edit = (messageId: string, body: string) =>
      client
        .http()
        .patch(`/api/messages/${messageId}`)
        .auth(alice.accessToken, { type: 'bearer' })
        .send({ body });
    const file = await upload(alice, Buffer.from('caption me'), 'captioned.txt');
    const { body: captioned } = await send(alice, { body: 'a caption', fileIds: [file.id] });
    const { body: emptied } = await edit(captioned.id, '  ').expect(200);
    expect(emptied).toMatchObject({
      body: '',
      version: expect.any(Number),
      files: [{ id: file.id }],
    });

    const { body: plain } = await send(alice, { body: 'words only' }).expect(201);
    const refused = await edit(plain.id, '').expect(400);
    expect(JSON.stringify(refused.body.message)).toMatch(/body/);
    const { socket } = await joined(alice);
    const ack = await request(socket, 'message:edit', { messageId: plain.id, body: '   ' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect((await history(alice)).find((m) => m.id === plain.id)?.body).toBe('words only');
  });
});

describe('Upload rate limit (e2e)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ FILES_UPLOAD_RATE_PER_MINUTE: '2' });
  });
  afterAll(() => testApp.close());

  it('answers 429 with Retry-After past FILES_UPLOAD_RATE_PER_MINUTE, per user', async () => {
    const client = api(testApp);
    const [alice, bob] = [await client.signUp(), await client.signUp()];
    const roomId = (await client.createRoom(alice, aRoomName('limits'))).id;
    await client.addMember(alice, roomId, bob);
    const upload = (session: Session) =>
      client
        .http()
        .post(`/api/rooms/${roomId}/files`)
        .auth(session.accessToken, { type: 'bearer' })
        .attach('file', Buffer.from('data'), 'data.txt');

    await upload(alice).expect(201);
    await upload(alice).expect(201);
    const refused = await upload(alice).expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body.message).toMatch(/too fast/);
    await upload(bob).expect(201);
  });
});
