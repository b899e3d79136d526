import { TestingModule } from '@nestjs/testing';
import { v7 as timeOrderedUuid } from 'uuid';
import { AccountsModule } from '../accounts/accounts.module';
import { AccountsService } from '../accounts/accounts.service';
import { MessageWriter, NewMessage } from '../messages/message-writer';
import { MessagesModule } from '../messages/messages.module';
import { RoomsService } from '../rooms/rooms.service';
import { createUnitTestingModule } from './unit-test-module';

/** The MessageWriter on a fresh database, with one user (alice) and a room of hers. */
export interface WriterTestBed {
  moduleRef: TestingModule;
  writer: MessageWriter;
  senderId: string;
  roomId: string;
  /** A new message from alice to her room, with `fields` overriding the defaults. */
  newMessage: (fields?: Partial<NewMessage>) => NewMessage;
}

export async function writerTestBed(): Promise<WriterTestBed> {
  const moduleRef = await createUnitTestingModule({ imports: [AccountsModule, MessagesModule] });
  await moduleRef.init();
  const accounts = moduleRef.get(AccountsService);
  await accounts.register({ username: 'alice', email: 'a@example.com', password: 'password1' });
  const { accessToken } = await accounts.login(
    { username: 'alice', password: 'password1' },
    '127.0.0.1',
  );
  const alice = await accounts.verifyAccessToken(accessToken);
  const roomId = (await moduleRef.get(RoomsService).create(alice, { name: 'general' })).id;
  return {
    moduleRef,
    writer: moduleRef.get(MessageWriter),
    senderId: alice.id,
    roomId,
    newMessage: (fields = {}) => ({
      kind: 'new-message',
      id: timeOrderedUuid(),
      roomId,
      body: 'hi',
      senderId: alice.id,
      clientMsgId: null,
      createdAt: new Date(),
      ...fields,
    }),
  };
}
