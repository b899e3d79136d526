import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { RoomEntity } from '../rooms/room.entity';
import { MessageEntity } from './message.entity';

/** A message before it has a seq. */
export type MessageDraft = Omit<MessageEntity, 'seq' | 'sender'>;

export interface Page {
  messages: MessageEntity[];
  hasMore: boolean;
}

@Injectable()
export class MessagesRepository {
  constructor(
    @InjectRepository(MessageEntity) private readonly messages: Repository<MessageEntity>,
  ) {}

  /**
   * Takes the room's next seq and inserts the message, in the caller's transaction. The
   * UPDATE comes first: on PostgreSQL it locks the room row until commit, so concurrent
   * posts (from any process) queue there and seqs follow commit order with no gaps; on
   * SQLite writes are already one at a time. Returns null when the room does not exist.
   */
  async insertWithNextSeq(manager: EntityManager, draft: MessageDraft): Promise<number | null> {
    const update = await manager
      .createQueryBuilder()
      .update(RoomEntity)
      .set({ lastSeq: () => 'last_seq + 1', lastActivityAt: draft.createdAt })
      .where('id = :id', { id: draft.roomId })
      .execute();
    if (update.affected !== 1) return null;

    const room = await manager.findOne(RoomEntity, {
      where: { id: draft.roomId },
      select: { id: true, lastSeq: true },
    });
    const seq = room!.lastSeq;
    await manager.insert(MessageEntity, { ...draft, seq });
    return seq;
  }

  findBySenderAndClientMsgId(senderId: string, clientMsgId: string): Promise<MessageEntity | null> {
    return this.withSender().where({ senderId, clientMsgId }).getOne();
  }

  findById(id: string): Promise<MessageEntity | null> {
    return this.withSender().where({ id }).getOne();
  }

  /** The newest `limit` messages; `hasMore` = older ones exist. */
  newest(roomId: string, limit: number): Promise<Page> {
    return this.page(this.inRoom(roomId), 'DESC', limit);
  }

  /** The `limit` messages just below `seq`; `hasMore` = older ones exist. */
  before(roomId: string, seq: number, limit: number): Promise<Page> {
    return this.page(this.inRoom(roomId).andWhere('message.seq < :seq', { seq }), 'DESC', limit);
  }

  /** The `limit` messages just above `seq`; `hasMore` = newer ones exist. */
  after(roomId: string, seq: number, limit: number): Promise<Page> {
    return this.page(this.inRoom(roomId).andWhere('message.seq > :seq', { seq }), 'ASC', limit);
  }

  /** Fetches one row more than asked to learn whether there is more; returns ascending seq. */
  private async page(
    query: SelectQueryBuilder<MessageEntity>,
    direction: 'ASC' | 'DESC',
    limit: number,
  ): Promise<Page> {
    const rows = await query
      .orderBy('message.seq', direction)
      .limit(limit + 1)
      .getMany();
    const hasMore = rows.length > limit;
    const messages = rows.slice(0, limit);
    if (direction === 'DESC') messages.reverse();
    return { messages, hasMore };
  }

  private inRoom(roomId: string): SelectQueryBuilder<MessageEntity> {
    return this.withSender().where('message.roomId = :roomId', { roomId });
  }

  private withSender(): SelectQueryBuilder<MessageEntity> {
    return this.messages
      .createQueryBuilder('message')
      .innerJoin('message.sender', 'sender')
      .addSelect(['sender.id', 'sender.username']);
  }
}
