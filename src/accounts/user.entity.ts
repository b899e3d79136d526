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
}
