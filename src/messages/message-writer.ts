import { Injectable } from '@nestjs/common';
import { GroupCommit } from '../database/group-commit';
import { isUniqueViolation, WriteTransactions } from '../database/write-transactions';
import { MessageDraft, MessagesRepository, WriteOutcome } from './messages.repository';

/** Groups committing at once on PostgreSQL (its pool has 20 connections). */
const POSTGRES_GROUPS_AT_ONCE = 4;

/** A new message for the writer to store. */
export interface NewMessage extends MessageDraft {
  kind: 'new-message';
}

/**
 * What the writer commits. Edits, deletions and reactions (each taking a room's change
 * counter) are to join as further kinds, told apart by `kind`: they then share a group, and
 * its one transaction, with the new messages that arrive alongside them.
 */
export type MessageWrite = NewMessage;

/**
 * The one way a room's messages change. It owns what makes the write fast and correct:
 * grouping (what arrives while a group commits goes into the next one), the engine (SQLite's
 * synchronous statements, PostgreSQL's batched round trips) and the race of two instances
 * storing one clientMsgId at once.
 */
@Injectable()
export class MessageWriter {
  /**
   * One transaction for many writes: on SQLite one commit; on PostgreSQL a handful of round
   * trips and one WAL flush instead of five and one per message. Each writer still hears
   * back only after its own commit.
   */
  private readonly groups: GroupCommit<MessageWrite, WriteOutcome>;

  constructor(
    private readonly messages: MessagesRepository,
    private readonly transactions: WriteTransactions,
  ) {
    this.groups = transactions.isSerialized
      ? new GroupCommit((writes) => this.commitOnSqlite(writes))
      : new GroupCommit((writes) => this.commitOnPostgres(writes), POSTGRES_GROUPS_AT_ONCE);
  }

  /**
   * Resolves after the commit with what became of the write: a new message `inserted` with
   * its seq, a `duplicate` (its sender had stored its clientMsgId already: nothing written)
   * or `no-room`. Rejects when its group's transaction failed.
   */
  write(write: MessageWrite): Promise<WriteOutcome> {
    return this.groups.add(write);
  }

  private commitOnSqlite(writes: MessageWrite[]): Promise<WriteOutcome[]> {
    return this.transactions.runOnSqlite((session) =>
      this.messages.insertWithNextSeqsOnSqlite(session, writes),
    );
  }

  /**
   * Another instance may commit a retry of one of these clientMsgIds first: the unique index
   * then rolls the whole group back (its seqs with it, so no gap). Each is then written
   * alone, so that only that one is answered as the duplicate it is. (On SQLite one process
   * writes, and the repository sees every stored key before it inserts.)
   */
  private async commitOnPostgres(writes: MessageWrite[]): Promise<WriteOutcome[]> {
    try {
      return await this.transactions.run((manager) =>
        this.messages.insertWithNextSeqs(manager, writes),
      );
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (writes.length === 1) return [{ kind: 'duplicate' }];
      const outcomes: WriteOutcome[] = [];
      for (const write of writes) outcomes.push(...(await this.commitOnPostgres([write])));
      return outcomes;
    }
  }
}
