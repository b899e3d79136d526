import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';

@Entity({ name: 'messages' })
export class MessageEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'room_id', type: 'uuid' })
  roomId: string;

  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'sender_id', type: 'uuid' })
  senderId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sender_id' })
  sender?: UserEntity;

  @Column({ name: 'client_msg_id', type: 'varchar', length: 64, nullable: true })
  clientMsgId: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  /** The room's change number of this message's last edit, deletion or reaction; 0 until then. */
  @Column({ type: 'integer', default: 0 })
  version: number;

  @Column({ name: 'edited_at', type: Date, nullable: true })
  editedAt: Date | null;

  /** Set on deletion; the body is then '' (removed, not hidden). */
  @Column({ name: 'deleted_at', type: Date, nullable: true })
  deletedAt: Date | null;

  /** The message of the same room this one answers. */
  @Column({ name: 'reply_to_id', type: 'uuid', nullable: true })
  replyToId: string | null;
}
