import { Injectable } from '@nestjs/common';
import { GroupCommit } from '../database/group-commit';
import { WriteTransactions } from '../database/write-transactions';
import { AccessQuery, RoomAccess, RoomsRepository } from './rooms.repository';

/** Lookups running at once on PostgreSQL (its pool has 20 connections). */
const POSTGRES_LOOKUPS_AT_ONCE = 4;

/**
 * Room access lookups, the check before every room action. On PostgreSQL those that arrive
 * together share one statement (GroupCommit gathers them as it gathers writes): a read
 * marker's access check was one round trip per read, as much as the grouped write and count
 * after it (#16). On SQLite each is a synchronous prepared read, cheaper than waiting a turn.
 */
@Injectable()
export class RoomAccessReader {
  private readonly groups: GroupCommit<AccessQuery, RoomAccess | null> | null;

  constructor(
    private readonly rooms: RoomsRepository,
    transactions: WriteTransactions,
  ) {
    this.groups = transactions.isSerialized
      ? null
      : new GroupCommit((pairs) => rooms.findAccesses(pairs), POSTGRES_LOOKUPS_AT_ONCE);
  }

  /** Room kind, the user's role and ban; null for an unknown room. */
  find(roomId: string, userId: string): Promise<RoomAccess | null> {
    if (!this.groups) return this.rooms.findAccess(roomId, userId);
    return this.groups.add({ roomId, userId });
  }
}
