import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One login: it outlives access tokens and is what logout revokes. The refresh token is
 * `<session id>.<secret>`; only hashes are stored: of the current secret, and of the one it
 * replaced, so that presenting that one again is recognisable as reuse (and a guess is not).
 */
@Entity({ name: 'sessions' })
export class SessionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'refresh_token_hash', type: 'varchar', length: 64 })
  refreshTokenHash: string;

  /** The secret the last rotation replaced; null until the first rotation. */
  @Column({ name: 'previous_refresh_token_hash', type: 'varchar', length: 64, nullable: true })
  previousRefreshTokenHash: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'expires_at', type: Date })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: Date, nullable: true })
  revokedAt: Date | null;

  /** Last refresh or socket connection (not every request); null until the first. */
  @Column({ name: 'last_used_at', type: Date, nullable: true })
  lastUsedAt: Date | null;

  /** The User-Agent of the login, or of the latest refresh; cut to 512 characters. */
  @Column({ name: 'user_agent', type: 'varchar', length: 512, nullable: true })
  userAgent: string | null;
}
