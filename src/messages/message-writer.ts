import { Injectable } from '@nestjs/common';
import { GroupCommit } from '../database/group-commit';
import { isUniqueViolation, WriteTransactions } from '../database/write-transactions';
import { FilesService } from '../files/files.service';
import type { MentionRef } from './mentions';
import {
  ChangeOutcome,
  MessageDraft,
  MessagesRepository,
  NewMessageOutcome,
  WriteOutcome,
} from './messages.repository';

/** Groups committing at once on PostgreSQL (its pool has 20 connections). */
const POSTGRES_GROUPS_AT_ONCE = 4;

/** A new message for the writer to store. */
export interface NewMessage extends MessageDraft {
  kind: 'new-message';
}

/** What every change of a stored message names. */
interface ChangeOfMessage {
  /** The message's room (read before writing; a message never moves): whose counter it takes. */
  roomId: string;
  messageId: string;
  /** Who makes the change. */
  actorId: string;
  at: Date;
}

/** A new body, by the sender only; the body it replaces becomes a revision. */
export interface EditMessage extends ChangeOfMessage {
  kind: 'edit';
  body: string;
  /** The members the new body mentions: they replace the stored ones. */
  mentions?: MentionRef[];
}

/** A tombstone in place of the message, by the sender or (isModerator) the room's moderators. */
export interface DeleteMessage extends ChangeOfMessage {
  kind: 'delete';
  /** The actor is one of the room's owners or admins (looked up before writing). */
  isModerator: boolean;
}

/** The actor's reaction with `emoji` set (`on`) or unset. */
export interface SetReaction extends ChangeOfMessage {
  kind: 'reaction';
  emoji: string;
  on: boolean;
}

/**
 * Something about the message's files changed (an image's thumbnail became ready after the
 * message was sent): a new version, so that every client fetches the message again.
 */
export interface FilesChanged extends ChangeOfMessage {
  kind: 'files';
}

/**
 * A change of a stored message. Each that changes something takes its room's next change
 * number (gap-free, in commit order, as seq) and stores it as the message's version.
 */
export type MessageChange = EditMessage | DeleteMessage | SetReaction | FilesChanged;

/**
 * What the writer commits, told apart by `kind`: new messages and changes share a group, and
 * its one transaction, with whatever arrives alongside them.
 */
export type MessageWrite = NewMessage | MessageChange;

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
    private readonly files: FilesService,
  ) {
    this.groups = transactions.isSerialized
      ? new GroupCommit((writes) => this.commitOnSqlite(writes))
      : new GroupCommit((writes) => this.commitOnPostgres(writes), POSTGRES_GROUPS_AT_ONCE);
  }

  /**
   * Resolves after the commit with what became of the write: a new message `inserted` with
   * its seq, `invalid-files` (a fileId it names could not be claimed: nothing written), a
   * `duplicate` (its sender had stored its clientMsgId already: nothing written)
   * or `no-room`; a change `changed` (with the message as it left it, its version the change
   * number taken), `unchanged`, `not-found`, `forbidden` or `too-many-reactions`. Rejects
   * when its group's transaction failed.
   */
  write(write: NewMessage): Promise<NewMessageOutcome>;
  write(write: MessageChange): Promise<ChangeOutcome>;
  write(write: MessageWrite): Promise<WriteOutcome> {
    return this.groups.add(write);
  }

  private commitOnSqlite(writes: MessageWrite[]): Promise<WriteOutcome[]> {
    return this.transactions.runOnSqlite((session) =>
      this.messages.writeGroupOnSqlite(session, writes, this.files),
    );
  }

  /**
   * Another instance may commit a retry of one of these clientMsgIds first: the unique index
   * then rolls the whole group back (its seqs with it, so no gap), and GroupCommit writes each
   * alone, so that only that one is answered as the duplicate it is. (On SQLite one process
   * writes, and the repository sees every stored key before it inserts.)
   */
  private async commitOnPostgres(writes: MessageWrite[]): Promise<WriteOutcome[]> {
    try {
      return await this.transactions.run((manager) =>
        this.messages.writeGroup(manager, writes, this.files),
      );
    } catch (error) {
      // Only a clientMsgId can collide: changes read what they change under the room's lock.
      if (writes.length === 1 && writes[0].kind === 'new-message' && isUniqueViolation(error)) {
        return [{ kind: 'duplicate' }];
      }
      throw error;
    }
  }
}
