import { randomUUID } from 'node:crypto';
import { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { v7 as timeOrderedUuid } from 'uuid';
import { AccountsModule } from '../accounts/accounts.module';
import { AccountsService } from '../accounts/accounts.service';
import { FileEntity } from '../files/file.entity';
import { RoomsService } from '../rooms/rooms.service';
import { createUnitTestingModule } from '../testing/unit-test-module';
import { MessageWriter, NewMessage } from './message-writer';
import { MessagesModule } from './messages.module';

/** Sends with files: claimed in the group's transaction, a refused one written not at all. */
describe('MessageWriter with files', () => {
  let moduleRef: TestingModule;
  let writer: MessageWriter;
  let senderId: string;
  let roomId: string;

  beforeEach(async () => {
    moduleRef = await createUnitTestingModule({ imports: [AccountsModule, MessagesModule] });
    await moduleRef.init();
    writer = moduleRef.get(MessageWriter);
    const accounts = moduleRef.get(AccountsService);
    await accounts.register({ username: 'alice', email: 'a@example.com', password: 'password1' });
    const { accessToken } = await accounts.login(
      { username: 'alice', password: 'password1' },
      '127.0.0.1',
    );
    const alice = await accounts.verifyAccessToken(accessToken);
    senderId = alice.id;
    roomId = (await moduleRef.get(RoomsService).create(alice, { name: 'general' })).id;
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

  const newMessage = (fields: Partial<NewMessage> = {}): NewMessage => ({
    kind: 'new-message',
    id: timeOrderedUuid(),
    roomId,
    body: 'hi',
    senderId,
    clientMsgId: null,
    createdAt: new Date(),
    ...fields,
  });

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
