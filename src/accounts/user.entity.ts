import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** As registered; shown to others. */
  @Column({ type: 'varchar', length: 32 })
  username: string;

  /** Lower-cased username: the unique key, so "Alice" and "alice" cannot both exist. */
  @Column({ name: 'username_key', type: 'varchar', length: 32 })
  usernameKey: string;

  /** Stored lower-cased, so it is its own unique key. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  /** Shown instead of the username; null reads as the username. Never trusted for anything else. */
  @Column({ name: 'display_name', type: 'varchar', length: 255, nullable: true })
  displayName: string | null;

  /** Storage key of the avatar, also the capability in its URL (see user-card.ts); null: none. */
  @Column({ name: 'avatar_key', type: 'varchar', length: 64, nullable: true })
  avatarKey: string | null;
}
