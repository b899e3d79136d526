import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityTarget, Repository } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';
import { placeholders, select } from '../database/sql';
import { RoomMemberEntity } from '../members/room-member.entity';
import { MessageMentionEntity } from './message-mention.entity';
import { MentionRef, sortMentions } from './mentions';

/** Keys per IN (…): far below either engine's limit on parameters. */
const KEY_CHUNK = 400;

/** Reads for mentions; the rows themselves are written with the message (MessagesRepository). */
@Injectable()
export class MentionsRepository {
  constructor(
    @InjectRepository(MessageMentionEntity)
    private readonly mentions: Repository<MessageMentionEntity>,
  ) {}

  /**
   * The room's members whose lower-cased username is one of `keys`, by that key: one indexed
   * lookup per key (users by username_key, then the membership's primary key).
   */
  async membersNamed(roomId: string, keys: string[]): Promise<Map<string, MentionRef>> {
    const found = new Map<string, MentionRef>();
    const manager = this.mentions.manager;
    for (let start = 0; start < keys.length; start += KEY_CHUNK) {
      const chunk = keys.slice(start, start + KEY_CHUNK);
      const rows = await select<{ id: string; username: string; username_key: string }>(
        manager,
        `SELECT u.id, u.username, u.username_key
         FROM ${this.table(UserEntity)} u
         JOIN ${this.table(RoomMemberEntity)} rm ON rm.user_id = u.id AND rm.room_id = ?
         WHERE u.username_key IN (${placeholders(chunk.length)})`,
        [roomId, ...chunk],
      );
      for (const row of rows) found.set(row.username_key, { id: row.id, username: row.username });
    }
    return found;
  }

  /** The mentions of these messages by message id, each list ordered by username. */
  async ofMessages(messageIds: string[]): Promise<Map<string, MentionRef[]>> {
    const byMessage = new Map<string, MentionRef[]>();
    if (messageIds.length === 0) return byMessage;
    const rows = await select<{ message_id: string; id: string; username: string }>(
      this.mentions.manager,
      `SELECT mm.message_id, u.id, u.username
       FROM ${this.table(MessageMentionEntity)} mm JOIN ${this.table(UserEntity)} u ON u.id = mm.user_id
       WHERE mm.message_id IN (${placeholders(messageIds.length)})`,
      messageIds,
    );
    for (const row of rows) {
      const list = byMessage.get(row.message_id);
      const ref = { id: row.id, username: row.username };
      if (list) list.push(ref);
      else byMessage.set(row.message_id, [ref]);
    }
    for (const list of byMessage.values()) sortMentions(list);
    return byMessage;
  }

  private table(entity: EntityTarget<unknown>): string {
    return this.mentions.manager.connection.getMetadata(entity).tablePath;
  }
}
