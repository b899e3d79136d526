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

  /** The change number that set it: emojis are listed in order of first use. */
  @Column({ name: 'set_in', type: 'integer' })
  setIn: number;
}
