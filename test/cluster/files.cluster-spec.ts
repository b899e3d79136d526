import sharp from 'sharp';
import request from 'supertest';
import type { ChatFile } from '../../src/realtime/chat-events';
import { aRoomName } from '../builders/user.builder';
import { api, asBytes, Session } from '../helpers/api-client';
import { startLocalS3, LocalS3 } from '../helpers/s3-server';
import {
  ChatClient,
  connectAs,
  eventually,
  record,
  request as ask,
  socketsOfEachTest,
} from '../helpers/socket-client';
import { Cluster, Instance } from './instances';

/**
 * Files across instances (#18): both instances store in one S3-compatible bucket (s3rver in
 * this process), so a file uploaded through one is attached, delivered and served by the other.
 */
describe('Files across instances sharing PostgreSQL, Redis and a bucket', () => {
  let s3: LocalS3;
  let cluster: Cluster;
  let a: Instance;
  let b: Instance;
  const sockets = socketsOfEachTest();

  beforeAll(async () => {
    s3 = await startLocalS3();
    cluster = new Cluster(s3.env);
    [a, b] = await cluster.createAndStart(2);
  });
  afterAll(async () => {
    await cluster?.destroy();
    await s3?.close();
  });

  async function on(instance: Instance, session: Session, roomId: string): Promise<ChatClient> {
    const socket = await connectAs(instance, session);
    sockets.track(socket);
    expect(await ask(socket, 'room:join', { roomId })).toMatchObject({ ok: true });
    return socket;
  }

  const download = (instance: Instance, url: string) => asBytes(request(instance.url).get(url));

  it('uploads on one instance; the other’s client gets the message with its files and fetches the bytes', async () => {
    const [alice, bob] = await Promise.all([api(a).signUp(), api(b).signUp()]);
    const room = await api(a).createRoom(alice, aRoomName('files'));
    await api(a).addMember(alice, room.id, bob);
    const onA = await on(a, alice, room.id);
    const onB = await on(b, bob, room.id);
    const arrived = record(onB, 'message:new');
    const png = await sharp({
      create: { width: 300, height: 200, channels: 3, background: '#e65100' },
    })
      .png()
      .toBuffer();
    const { body: file } = (await request(a.url)
      .post(`/api/rooms/${room.id}/files`)
      .auth(alice.accessToken, { type: 'bearer' })
      .attach('file', png, 'sunset.png')
      .expect(201)) as { body: ChatFile };

    const ack = await ask(onA, 'message:send', { roomId: room.id, body: '', fileIds: [file.id] });

    expect(ack.ok).toBe(true);
    await eventually(() => expect(arrived).toHaveLength(1), 5000);
    const [delivered] = arrived[0].files;
    expect(delivered).toMatchObject({ id: file.id, name: 'sunset.png', width: 300, height: 200 });
    const bytes = await download(b, delivered.url).expect(200);
    expect(bytes.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(bytes.body as Buffer, png)).toBe(0);
    await download(b, delivered.thumbnailUrl!).expect(200).expect('Content-Type', 'image/webp');

    // Read back through the other instance's REST too, with URLs it signed itself.
    const { body: fresh } = await request(b.url)
      .get(`/api/files/${file.id}`)
      .auth(bob.accessToken, { type: 'bearer' })
      .expect(200);
    await download(b, (fresh as ChatFile).url).expect(200);

    // Deleted through the other instance: the bytes leave the shared bucket for both.
    const updated = record(onA, 'message:updated');
    await request(b.url)
      .delete(`/api/messages/${ack.message.id as string}`)
      .auth(alice.accessToken, { type: 'bearer' })
      .expect(204);
    await eventually(() => expect(updated.map((m) => m.files)).toEqual([[]]), 5000);
    await download(a, delivered.url).expect(404);
  });
});
