import { GroupCommit } from './group-commit';

/** Lookups running at once on PostgreSQL (its pool has 20 connections). */
const POSTGRES_LOOKUPS_AT_ONCE = 4;

/**
 * A lookup made before nearly every action (may this user do this here?). On PostgreSQL those
 * that arrive together share one statement, gathered as GroupCommit gathers writes: one round
 * trip per lookup cost as much as the grouped write after it. On SQLite each runs alone, a
 * synchronous prepared read, cheaper than waiting a turn.
 */
export class BatchedLookup<Query, Result> {
  private readonly groups: GroupCommit<Query, Result> | null;

  /**
   * @param findMany the results of the queries, in their order
   * @param findOne one query's result where lookups run alone (SQLite); findMany of one if absent
   */
  constructor(
    isSerialized: boolean,
    findMany: (queries: Query[]) => Promise<Result[]>,
    private readonly findOne = async (query: Query) => (await findMany([query]))[0],
  ) {
    this.groups = isSerialized ? null : new GroupCommit(findMany, POSTGRES_LOOKUPS_AT_ONCE);
  }

  find(query: Query): Promise<Result> {
    return this.groups ? this.groups.add(query) : this.findOne(query);
  }
}
