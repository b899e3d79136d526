import { Injectable } from '@nestjs/common';
import { BatchedLookup } from '../database/batched-lookup';
import { WriteTransactions } from '../database/write-transactions';
import { AccessQuery, RoomAccess, RoomsRepository } from './rooms.repository';

/**
 * Room access lookups, the check before every room action: on PostgreSQL those that arrive
 * together share one statement (a read marker's access check was one round trip per read, as
 * much as the grouped write and count after it, #16); on SQLite each is a prepared read.
 */
@Injectable()
export class RoomAccessReader {
  private readonly lookups: BatchedLookup<AccessQuery, RoomAccess | null>;

  constructor(rooms: RoomsRepository, transactions: WriteTransactions) {
    this.lookups = new BatchedLookup(
      transactions.isSerialized,
      (pairs) => rooms.findAccesses(pairs),
      ({ roomId, userId }) => rooms.findAccess(roomId, userId),
    );
  }

  /** Room kind, the user's role and ban; null for an unknown room. */
  find(roomId: string, userId: string): Promise<RoomAccess | null> {
    return this.lookups.find({ roomId, userId });
  }
}
