import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';

@Entity({ name: 'rooms' })
export class RoomEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  /** Lower-cased name: the unique key (room names are unique case-insensitively). */
  @Column({ name: 'name_key', type: 'varchar', length: 256 })
  nameKey: string;

  @Column({ type: 'varchar', length: 2000, default: '' })
  description: string;

  @Column({ name: 'created_by_id', type: 'uuid' })
  createdById: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: UserEntity;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  /** Seq of the newest message; the next message takes lastSeq + 1 in the same transaction. */
  @Column({ name: 'last_seq', type: 'integer', default: 0 })
  lastSeq: number;

  /** Time of the newest message, or of creation: what the room list is ordered by. */
  @Column({ name: 'last_activity_at', type: Date })
  lastActivityAt: Date;
}
