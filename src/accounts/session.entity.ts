import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One login: it outlives access tokens and is what logout revokes. The refresh token is
 * `<session id>.<secret>`; only a hash of the current secret is stored, so rotating it makes
 * every earlier token of the session recognisable as reused.
 */
@Entity({ name: 'sessions' })
export class SessionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'refresh_token_hash', type: 'varchar', length: 64 })
  refreshTokenHash: string;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'expires_at', type: Date })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: Date, nullable: true })
  revokedAt: Date | null;
}
