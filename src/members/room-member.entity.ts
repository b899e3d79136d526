import { Column, Entity, PrimaryColumn } from 'typeorm';

export type MemberRole = 'owner' | 'admin' | 'member';
export type NotifyLevel = 'all' | 'mentions' | 'none';

export const MEMBER_ROLES: readonly MemberRole[] = ['owner', 'admin', 'member'];
export const NOTIFY_LEVELS: readonly NotifyLevel[] = ['all', 'mentions', 'none'];

@Entity({ name: 'room_members' })
export class RoomMemberEntity {
  @PrimaryColumn({ name: 'room_id', type: 'uuid' })
  roomId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 16 })
  role: MemberRole;

  @Column({ name: 'joined_at', type: Date })
  joinedAt: Date;

  /** Messages up to this seq are read; a new member starts at the room's lastSeq. */
  @Column({ name: 'last_read_seq', type: 'integer', default: 0 })
  lastReadSeq: number;

  @Column({ type: 'varchar', length: 16 })
  notify: NotifyLevel;
}
