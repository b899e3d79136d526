import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';

export type RoomKind = 'public' | 'private' | 'direct';

@Entity({ name: 'rooms' })
export class RoomEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  /**
   * Lower-cased name: the unique key (room names are unique case-insensitively). NULL for a
   * direct room, which has no name; NULLs never collide.
   */
  @Column({ name: 'name_key', type: 'varchar', length: 256, nullable: true })
  nameKey: string | null;

  @Column({ type: 'varchar', length: 16, default: 'public' })
  kind: RoomKind;

  /** Direct rooms: the sorted participant ids joined by ",", unique (get-or-create). */
  @Column({ name: 'direct_key', type: 'varchar', length: 400, nullable: true })
  directKey: string | null;

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

  /** The room's change counter (edits, deletions, reactions): API.md "Changes". */
  @Column({ name: 'last_change', type: 'integer', default: 0 })
  lastChange: number;

  /** Time of the newest message, or of creation: what the room list is ordered by. */
  @Column({ name: 'last_activity_at', type: Date })
  lastActivityAt: Date;
}
