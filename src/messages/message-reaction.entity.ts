import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One user's reaction with one emoji; the primary key makes set and unset idempotent. */
@Entity({ name: 'message_reactions' })
export class MessageReactionEntity {
  @PrimaryColumn({ name: 'message_id', type: 'uuid' })
  messageId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  emoji: string;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  /** The change number that set it: orders the users of one emoji. */
  @Column({ name: 'set_in', type: 'integer' })
  setIn: number;

  /** The change number that first put this emoji on the message: orders the emojis. */
  @Column({ name: 'emoji_since', type: 'integer' })
  emojiSince: number;
}
