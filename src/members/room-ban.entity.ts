import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'room_bans' })
export class RoomBanEntity {
  @PrimaryColumn({ name: 'room_id', type: 'uuid' })
  roomId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'banned_by_id', type: 'uuid' })
  bannedById: string;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;
}
