import { Injectable } from '@nestjs/common';
import { GroupCommit } from '../database/group-commit';
import { WriteTransactions } from '../database/write-transactions';
import { AttentionRepository, MarkerMove, memberKey } from './attention.repository';
import type { ReadStateDto } from './dto/read-state.dto';

/** Groups committing at once on PostgreSQL (its pool has 20 connections), as for messages. */
const POSTGRES_GROUPS_AT_ONCE = 4;

/** What became of one move: whether it moved the marker, and the member's state after it. */
export interface MarkerMoveOutcome {
  isMoved: boolean;
  /** null: no longer a member (removed since the caller's access was checked). */
  state: ReadStateDto | null;
}

/**
 * The one way read markers move. Moves that arrive together share one write (on PostgreSQL
 * one UPDATE, its own transaction; on SQLite one synchronous transaction) and one read of
 * the states they leave, instead of a transaction, a commit and a count each (#16).
 *
 * Moves of one member in one group (two tabs racing) come out as if the highest came first:
 * it alone moves the marker (one `read` event), and every caller hears the state it left.
 */
@Injectable()
export class ReadMarkerWriter {
  private readonly groups: GroupCommit<MarkerMove, MarkerMoveOutcome>;

  constructor(
    private readonly attention: AttentionRepository,
    private readonly transactions: WriteTransactions,
  ) {
    this.groups = transactions.isSerialized
      ? new GroupCommit((moves) => this.commitOnSqlite(moves))
      : new GroupCommit((moves) => this.commitOnPostgres(moves), POSTGRES_GROUPS_AT_ONCE);
  }

  /** Resolves after the commit; rejects when its group's statement failed. */
  move(move: MarkerMove): Promise<MarkerMoveOutcome> {
    return this.groups.add(move);
  }

  private commitOnSqlite(moves: MarkerMove[]): Promise<MarkerMoveOutcome[]> {
    const highest = highestPerMember(moves);
    return this.transactions.runOnSqlite((session) => {
      const moved = this.attention.moveMarkersOnSqlite(session, highest);
      const states = this.attention.statesOfOnSqlite(session, highest);
      return outcomes(moves, moved, states);
    });
  }

  private commitOnPostgres(moves: MarkerMove[]): Promise<MarkerMoveOutcome[]> {
    const highest = highestPerMember(moves);
    return this.transactions.runStatements(async (manager) => {
      const moved = await this.attention.moveMarkers(manager, highest);
      const states = await this.attention.statesOf(manager, highest);
      return outcomes(moves, moved, states);
    });
  }
}

/**
 * One move per member: the highest seq asked for, by the first caller who asked for it
 * (the same object, so that `outcomes` knows whose move it was).
 */
function highestPerMember(moves: MarkerMove[]): MarkerMove[] {
  const highest = new Map<string, MarkerMove>();
  for (const move of moves) {
    const key = memberKey(move.roomId, move.userId);
    const kept = highest.get(key);
    if (!kept || move.seq > kept.seq) highest.set(key, move);
  }
  return [...highest.values()];
}

function outcomes(
  moves: MarkerMove[],
  moved: MarkerMove[],
  states: Map<string, ReadStateDto>,
): MarkerMoveOutcome[] {
  const movers = new Set(moved);
  return moves.map((move) => ({
    isMoved: movers.has(move),
    state: states.get(memberKey(move.roomId, move.userId)) ?? null,
  }));
}
