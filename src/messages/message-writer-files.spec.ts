import { randomUUID } from 'node:crypto';
import { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { FileEntity } from '../files/file.entity';
import { writerTestBed, WriterTestBed } from '../testing/message-writer-test-bed';
import type { MessageWriter } from './message-writer';

/** Sends with files: claimed in the group's transaction, a refused one written not at all. */
describe('MessageWriter with files', () => {
  let moduleRef: TestingModule;
  let writer: MessageWriter;
  let senderId: string;
  let roomId: string;
  let newMessage: WriterTestBed['newMessage'];

  beforeEach(async () => {
    ({ moduleRef, writer, senderId, roomId, newMessage } = await writerTestBed());
  });
  afterEach(() => moduleRef.close());

  async function anUpload(): Promise<string> {
    const id = randomUUID();
    await moduleRef.get(DataSource).getRepository(FileEntity).insert({
      id,
      roomId,
      uploaderId: senderId,
      name: 'a.txt',
      size: 1,
      contentType: 'text/plain',
      storageKey: randomUUID(),
      width: null,
      height: null,
      thumbnailKey: null,
      messageId: null,
      createdAt: new Date(),
    });
    return id;
  }

  const attachedTo = async (fileId: string) =>
    (await moduleRef.get(DataSource).getRepository(FileEntity).findOneByOrFail({ id: fileId }))
      .messageId;

  it('two sends of one group racing for a file: the first gets it, the second is not written, no seq gap', async () => {
    const file = await anUpload();
    const first = newMessage({ fileIds: [file] });
    const second = newMessage({ fileIds: [file] });

    const outcomes = await Promise.all([
      writer.write(first),
      writer.write(second),
      writer.write(newMessage()),
    ]);

    expect(outcomes).toEqual([
      { kind: 'inserted', seq: 1 },
      { kind: 'invalid-files' },
      { kind: 'inserted', seq: 2 },
    ]);
    expect(await attachedTo(file)).toBe(first.id);
  });

  it('all or none: one unclaimable id leaves the other files free', async () => {
    const free = await anUpload();
    const outcome = await writer.write(newMessage({ fileIds: [free, randomUUID()] }));

    expect(outcome).toEqual({ kind: 'invalid-files' });
    expect(await attachedTo(free)).toBeNull();
    await expect(writer.write(newMessage({ fileIds: [free] }))).resolves.toEqual({
      kind: 'inserted',
      seq: 1,
    });
  });

  it('a retried clientMsgId claims nothing new', async () => {
    const [first, second] = [await anUpload(), await anUpload()];
    await writer.write(newMessage({ clientMsgId: 'k', fileIds: [first] }));

    await expect(
      writer.write(newMessage({ clientMsgId: 'k', fileIds: [second] })),
    ).resolves.toEqual({ kind: 'duplicate' });
    expect(await attachedTo(second)).toBeNull();
  });
});
