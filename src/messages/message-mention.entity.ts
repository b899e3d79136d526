import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A room member that a message mentions (see mentions.ts for the rule). */
@Entity({ name: 'message_mentions' })
export class MessageMentionEntity {
  @PrimaryColumn({ name: 'message_id', type: 'uuid' })
  messageId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** The message's room, seq and sender, so that counting needs no join. */
  @Column({ name: 'room_id', type: 'uuid' })
  roomId: string;

  @Column({ name: 'sender_id', type: 'uuid' })
  senderId: string;

  @Column({ type: 'integer' })
  seq: number;
}
