import { randomUUID } from 'node:crypto';
import { NotFoundException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { TestingModule } from '@nestjs/testing';
import { AccountsModule } from '../accounts/accounts.module';
import { AccountsService } from '../accounts/accounts.service';
import type { AuthUser } from '../common/auth.decorators';
import { MESSAGE_CREATED, MessageCreatedEvent } from './message-events';
import { RateLimitedException } from '../common/errors/rate-limited.exception';
import { RoomsService } from '../rooms/rooms.service';
import { createUnitTestingModule } from '../testing/unit-test-module';
import { MessagesModule } from './messages.module';
import { MessagesService } from './messages.service';

describe('MessagesService', () => {
  let moduleRef: TestingModule;
  let messages: MessagesService;
  let rooms: RoomsService;
  let alice: AuthUser;
  let announced: MessageCreatedEvent[];

  beforeEach(async () => {
    moduleRef = await createUnitTestingModule(
      { imports: [AccountsModule, MessagesModule] },
      { MESSAGE_RATE_BURST: '5', MESSAGE_RATE_PER_MINUTE: '1000' },
    );
    await moduleRef.init();
    messages = moduleRef.get(MessagesService);
    rooms = moduleRef.get(RoomsService);
    alice = await signedUp(moduleRef.get(AccountsService), 'alice');
    announced = [];
    moduleRef
      .get(EventEmitter2)
      .on(MESSAGE_CREATED, (event: MessageCreatedEvent) => announced.push(event));
  });
  afterEach(() => moduleRef.close());

  it('gives concurrent posts gap-free seqs in one room, and its own sequence to each room', async () => {
    const unlimited = await createUnitTestingModule(
      { imports: [AccountsModule, MessagesModule] },
      { MESSAGE_RATE_BURST: '100000', MESSAGE_RATE_PER_MINUTE: '100000' },
    );
    await unlimited.init();
    try {
      const service = unlimited.get(MessagesService);
      const sender = await signedUp(unlimited.get(AccountsService), 'carol');
      const [red, blue] = await Promise.all([
        unlimited.get(RoomsService).create(sender, { name: 'red' }),
        unlimited.get(RoomsService).create(sender, { name: 'blue' }),
      ]);

      // Started in one tick, so their transactions would interleave without the write queue.
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          service.post(sender, i % 2 ? red.id : blue.id, { body: `m${i}` }),
        ),
      );

      for (const room of [red, blue]) {
        const seqs = results.filter((r) => r.message.roomId === room.id).map((r) => r.message.seq);
        expect(seqs.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
        expect((await unlimited.get(RoomsService).get(room.id)).lastSeq).toBe(50);
      }
    } finally {
      await unlimited.close();
    }
  });

  it('commits concurrent sends together and still answers each on its own', async () => {
    const room = await rooms.create(alice, { name: 'general' });
    const results = await Promise.allSettled([
      messages.post(alice, room.id, { body: 'one', clientMsgId: 'same' }),
      messages.post(alice, randomUUID(), { body: 'nowhere' }),
      messages.post(alice, room.id, { body: 'two', clientMsgId: 'same' }),
      messages.post(alice, room.id, { body: 'three' }),
    ]);

    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    const [first, missing, repeat, third] = results;
    expect((missing as PromiseRejectedResult).reason).toBeInstanceOf(NotFoundException);
    const value = (r: PromiseSettledResult<unknown>) =>
      (r as PromiseFulfilledResult<{ message: { seq: number; body: string }; isNew: boolean }>)
        .value;
    expect(value(first)).toMatchObject({ isNew: true, message: { seq: 1, body: 'one' } });
    expect(value(repeat)).toEqual({ isNew: false, message: value(first).message });
    expect(value(third)).toMatchObject({ isNew: true, message: { seq: 2, body: 'three' } });
    expect((await messages.list(room.id, {}, alice.id)).messages.map((m) => m.body)).toEqual([
      'one',
      'three',
    ]);
    expect(announced).toHaveLength(2);
  });

  it('announces a new message once, after it is stored', async () => {
    const room = await rooms.create(alice, { name: 'general' });
    const { message, isNew } = await messages.post(alice, room.id, {
      body: 'hi',
      clientMsgId: 'k1',
    });

    expect(isNew).toBe(true);
    expect(announced).toEqual([{ message }]);
    expect((await messages.list(room.id, {}, alice.id)).messages).toEqual([message]);
  });

  it('returns the stored message for a repeated clientMsgId and announces nothing', async () => {
    const room = await rooms.create(alice, { name: 'general' });
    const first = await messages.post(alice, room.id, { body: 'hi', clientMsgId: 'k1' });
    const again = await messages.post(alice, room.id, { body: 'changed', clientMsgId: 'k1' });

    expect(again).toEqual({ message: first.message, isNew: false });
    expect(announced).toHaveLength(1);
  });

  it('refuses a post to a room that does not exist and announces nothing', async () => {
    await expect(messages.post(alice, randomUUID(), { body: 'hi' })).rejects.toBeInstanceOf(
      NotFoundException,
    );
    expect(announced).toEqual([]);
  });

  it('rate-limits new messages per user, but not retries of stored ones', async () => {
    const room = await rooms.create(alice, { name: 'general' });
    for (let i = 0; i < 5; i++)
      await messages.post(alice, room.id, { body: 'x', clientMsgId: `k${i}` });

    await expect(
      messages.post(alice, room.id, { body: 'x', clientMsgId: 'k5' }),
    ).rejects.toBeInstanceOf(RateLimitedException);
    await expect(
      messages.post(alice, room.id, { body: 'x', clientMsgId: 'k4' }),
    ).resolves.toMatchObject({
      isNew: false,
    });
  });
});

async function signedUp(accounts: AccountsService, username: string): Promise<AuthUser> {
  await accounts.register({ username, email: `${username}@example.com`, password: 'password123' });
  const { accessToken } = await accounts.login({ username, password: 'password123' }, '127.0.0.1');
  return accounts.verifyAccessToken(accessToken);
}
