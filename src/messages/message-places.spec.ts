import { randomUUID } from 'node:crypto';
import { TestingModule } from '@nestjs/testing';
import { writerTestBed, WriterTestBed } from '../testing/message-writer-test-bed';
import { MessagesRepository } from './messages.repository';

describe('MessagesRepository.findPlaces', () => {
  let bed: WriterTestBed;
  let moduleRef: TestingModule;

  beforeEach(async () => {
    bed = await writerTestBed();
    moduleRef = bed.moduleRef;
  });
  afterEach(() => moduleRef.close());

  it('answers every lookup of a batch in its order: the message, its room as that actor stands in it, null for none', async () => {
    const message = bed.newMessage();
    await bed.writer.write(message);
    const stranger = randomUUID();

    const places = await moduleRef.get(MessagesRepository).findPlaces([
      { messageId: message.id, actorId: stranger },
      { messageId: randomUUID(), actorId: bed.senderId },
      { messageId: message.id, actorId: bed.senderId },
    ]);

    const place = {
      roomId: bed.roomId,
      senderId: bed.senderId,
      isDeleted: false,
      hasFiles: false,
    };
    expect(places).toEqual([
      { ...place, access: expect.objectContaining({ role: null, isBanned: false }) },
      null,
      { ...place, access: expect.objectContaining({ role: 'owner', kind: 'public', lastSeq: 1 }) },
    ]);
  });
});
