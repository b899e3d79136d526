import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, MoreThan, Repository } from 'typeorm';
import { select, timestampFromRow } from '../database/sql';
import { SessionEntity } from './session.entity';

interface SessionRow {
  user_id: string;
  refresh_token_hash: string;
  previous_refresh_token_hash: string | null;
  created_at: Date | string;
  expires_at: Date | string;
  revoked_at: Date | string | null;
  last_used_at: Date | string | null;
  user_agent: string | null;
}

/** Longest User-Agent kept: enough to tell browsers and devices apart. */
export const USER_AGENT_MAX = 512;

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
      `SELECT user_id, refresh_token_hash, previous_refresh_token_hash, created_at, expires_at, revoked_at, last_used_at, user_agent FROM ${this.sessions.metadata.tablePath} WHERE id = ?`,
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
          revokedAt: nullableTimestamp(row.revoked_at),
          lastUsedAt: nullableTimestamp(row.last_used_at),
          userAgent: row.user_agent,
        }
      : null;
  }

  /** The user's sessions not revoked and not expired at `now`, most recently used first. */
  async listLive(userId: string, now: Date): Promise<SessionEntity[]> {
    const sessions = await this.sessions.find({
      where: { userId, revokedAt: IsNull(), expiresAt: MoreThan(now) },
    });
    const lastUse = (session: SessionEntity) => (session.lastUsedAt ?? session.createdAt).getTime();
    return sessions.sort((a, b) => lastUse(b) - lastUse(a) || (a.id < b.id ? -1 : 1));
  }

  /** Records a use: the time, and the User-Agent when one is known. */
  async touch(
    manager: EntityManager,
    id: string,
    at: Date,
    userAgent: string | null,
  ): Promise<void> {
    await manager.update(
      SessionEntity,
      { id },
      userAgent === null ? { lastUsedAt: at } : { lastUsedAt: at, userAgent },
    );
  }

  insert(manager: EntityManager, session: SessionEntity): Promise<unknown> {
    return manager.insert(SessionEntity, session);
  }

  /**
   * Swaps the refresh-token hash only if it is still the one presented: of two requests
   * racing with the same token, exactly one wins. Returns whether this one did. The replaced
   * hash is kept, to tell a reused token from a guessed one. Records the use (time and
   * User-Agent) in the same statement.
   */
  async rotate(
    manager: EntityManager,
    id: string,
    fromHash: string,
    toHash: string,
    expiresAt: Date,
    use: { at: Date; userAgent: string | null },
  ): Promise<boolean> {
    const result = await manager.update(
      SessionEntity,
      { id, refreshTokenHash: fromHash, revokedAt: IsNull() },
      {
        refreshTokenHash: toHash,
        previousRefreshTokenHash: fromHash,
        expiresAt,
        lastUsedAt: use.at,
        ...(use.userAgent === null ? {} : { userAgent: use.userAgent }),
      },
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

function nullableTimestamp(value: Date | string | null): Date | null {
  return value === null ? null : timestampFromRow(value);
}
