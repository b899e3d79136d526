import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { SessionEntity } from './session.entity';

@Injectable()
export class SessionsRepository {
  constructor(
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
  ) {}

  findById(id: string): Promise<SessionEntity | null> {
    return this.sessions.findOneBy({ id });
  }

  insert(manager: EntityManager, session: SessionEntity): Promise<unknown> {
    return manager.insert(SessionEntity, session);
  }

  /**
   * Swaps the refresh-token hash only if it is still the one presented: of two requests
   * racing with the same token, exactly one wins. Returns whether this one did.
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
      { refreshTokenHash: toHash, expiresAt },
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
