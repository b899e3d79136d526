import { randomUUID } from 'node:crypto';
import { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { WriteTransactions } from '../database/write-transactions';
import { writerTestBed, WriterTestBed } from '../testing/message-writer-test-bed';
import type { MessageWriter } from './message-writer';

describe('MessageWriter', () => {
  let moduleRef: TestingModule;
  let writer: MessageWriter;
  let senderId: string;
  let roomId: string;
  let newMessage: WriterTestBed['newMessage'];

  beforeEach(async () => {
    ({ moduleRef, writer, senderId, roomId, newMessage } = await writerTestBed());
  });
  afterEach(() => moduleRef.close());

  it('commits what arrives together in one transaction, and answers each write on its own', async () => {
    await writer.write(newMessage({ clientMsgId: 'stored' }));
    const transactions = jest.spyOn(moduleRef.get(WriteTransactions), 'runOnSqlite');

    const outcomes = await Promise.all([
      writer.write(newMessage()),
      writer.write(newMessage({ clientMsgId: 'stored' })),
      writer.write(newMessage({ roomId: randomUUID() })),
      writer.write(newMessage({ clientMsgId: 'fresh' })),
      writer.write(newMessage({ clientMsgId: 'fresh' })),
    ]);

    expect(outcomes).toEqual([
      { kind: 'inserted', seq: 2 },
      { kind: 'duplicate' },
      { kind: 'no-room' },
      { kind: 'inserted', seq: 3 },
      { kind: 'duplicate' },
    ]);
    expect(transactions).toHaveBeenCalledTimes(1);
  });

  it("writes a group's messages to the search index as one piece, not one per message", async () => {
    const dataSource = moduleRef.get(DataSource);
    const pieces = async () =>
      (
        await dataSource.query<{ count: number }[]>(
          'SELECT count(*) AS count FROM messages_search_data',
        )
      )[0].count;
    const before = await pieces();

    await Promise.all(
      Array.from({ length: 20 }, (_, i) => writer.write(newMessage({ body: `m ${i}` }))),
    );

    // FTS5 stores what each statement added as a segment of its own (#17 write cost).
    expect((await pieces()) - before).toBeLessThanOrEqual(2);
  });

  it('changes join the group of new messages; each real change takes the next number, a no-op none', async () => {
    const first = newMessage({ body: 'first' });
    const second = newMessage({ body: 'second' });
    await Promise.all([writer.write(first), writer.write(second)]);
    const transactions = jest.spyOn(moduleRef.get(WriteTransactions), 'runOnSqlite');
    const at = new Date();
    const change = { roomId, actorId: senderId, at };

    const outcomes = await Promise.all([
      writer.write({ ...change, kind: 'edit', messageId: first.id, body: 'first, edited' }),
      writer.write({ ...change, kind: 'edit', messageId: second.id, body: 'second' }),
      writer.write(newMessage()),
      writer.write({ ...change, kind: 'reaction', messageId: second.id, emoji: '👍', on: true }),
      writer.write({ ...change, kind: 'reaction', messageId: second.id, emoji: '👍', on: true }),
      writer.write({ ...change, kind: 'delete', messageId: first.id, isModerator: false }),
      writer.write({ ...change, kind: 'edit', messageId: first.id, body: 'too late' }),
      writer.write({ ...change, kind: 'edit', messageId: randomUUID(), body: 'nobody' }),
    ]);

    expect(transactions).toHaveBeenCalledTimes(1);
    expect(
      outcomes.map((outcome) =>
        'view' in outcome ? [outcome.kind, outcome.view.message.version] : outcome,
      ),
    ).toEqual([
      ['changed', 1],
      ['unchanged', 0],
      { kind: 'inserted', seq: 3 },
      ['changed', 2],
      ['unchanged', 2],
      ['changed', 3],
      { kind: 'not-found' },
      { kind: 'not-found' },
    ]);
  });

  it('a write that cannot be stored fails alone: the rest of its group commits, seqs without a gap', async () => {
    const failing = newMessage({ senderId: randomUUID() }); // no such user: a foreign key fails
    const results = await Promise.allSettled([
      writer.write(newMessage()),
      writer.write(failing),
      writer.write(newMessage()),
    ]);

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[0]).toMatchObject({ value: { kind: 'inserted', seq: 1 } });
    expect(results[2]).toMatchObject({ value: { kind: 'inserted', seq: 2 } });
    await expect(writer.write(newMessage())).resolves.toEqual({ kind: 'inserted', seq: 3 });
  });
});
