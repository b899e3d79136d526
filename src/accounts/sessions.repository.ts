import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { select, timestampFromRow } from '../database/sql';
import { SessionEntity } from './session.entity';

interface SessionRow {
  user_id: string;
  refresh_token_hash: string;
  previous_refresh_token_hash: string | null;
  created_at: Date | string;
  expires_at: Date | string;
  revoked_at: Date | string | null;
}

@Injectable()
export class SessionsRepository {
  constructor(
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
  ) {}

  /**
   * Hand-written SQL: this runs on every authenticated request and socket handshake, where
   * TypeORM's query builder cost more than the query itself.
   */
  async findById(id: string): Promise<SessionEntity | null> {
    const [row] = await select<SessionRow>(
      this.sessions.manager,
      `SELECT user_id, refresh_token_hash, previous_refresh_token_hash, created_at, expires_at, revoked_at FROM ${this.sessions.metadata.tablePath} WHERE id = ?`,
      [id],
    );
    return row
      ? {
          id,
          userId: row.user_id,
          refreshTokenHash: row.refresh_token_hash,
          previousRefreshTokenHash: row.previous_refresh_token_hash,
          createdAt: timestampFromRow(row.created_at),
          expiresAt: timestampFromRow(row.expires_at),
          revokedAt: row.revoked_at === null ? null : timestampFromRow(row.revoked_at),
        }
      : null;
  }

  insert(manager: EntityManager, session: SessionEntity): Promise<unknown> {
    return manager.insert(SessionEntity, session);
  }

  /**
   * Swaps the refresh-token hash only if it is still the one presented: of two requests
   * racing with the same token, exactly one wins. Returns whether this one did. The replaced
   * hash is kept, to tell a reused token from a guessed one.
   */
  async rotate(
    manager: EntityManager,
    id: string,
    fromHash: string,
    toHash: string,
    expiresAt: Date,
  ): Promise<boolean> {
    const result = await manager.update(
      SessionEntity,
      { id, refreshTokenHash: fromHash, revokedAt: IsNull() },
      { refreshTokenHash: toHash, previousRefreshTokenHash: fromHash, expiresAt },
    );
    return result.affected === 1;
  }

  /** Returns whether the session was live until now. */
  async revoke(manager: EntityManager, id: string, at: Date): Promise<boolean> {
    const result = await manager.update(
      SessionEntity,
      { id, revokedAt: IsNull() },
      { revokedAt: at },
    );
    return result.affected === 1;
  }
}
