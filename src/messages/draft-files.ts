import type { EntityManager } from 'typeorm';
import type { SqliteSession } from '../database/sqlite/statements';
import type { FileClaim } from '../files/files.repository';
import type { MessageDraft, NewMessageOutcome } from './messages.repository';

/*
 * The files of new messages in a group write (MessagesRepository.writeGroup and its SQLite
 * twin): claimed after the duplicates are known and before any seq is taken.
 */

/**
 * Claims a new message's files inside the transaction that inserts it (FilesService): on
 * false nothing was claimed, and the message is not written.
 */
export interface FileClaims {
  tryClaimForMessage(manager: EntityManager, claim: FileClaim): Promise<boolean>;
  tryClaimForMessageOnSqlite(session: SqliteSession, claim: FileClaim): boolean;
}

/**
 * Drafts to be written that name files, in group order: their files are claimed before any
 * seq is taken, so a refused one leaves no gap. (A retried clientMsgId is a duplicate already
 * and claims nothing.)
 */
export function withFiles(drafts: MessageDraft[], byRoom: Map<string, number[]>): number[] {
  return [...byRoom.values()]
    .flat()
    .filter((index) => (drafts[index].fileIds?.length ?? 0) > 0)
    .sort((a, b) => a - b);
}

export function claimOf(draft: MessageDraft): FileClaim {
  return {
    fileIds: draft.fileIds!,
    senderId: draft.senderId,
    roomId: draft.roomId,
    messageId: draft.id,
  };
}

/** The draft is not written: out of its room's seqs, answered `invalid-files`. */
export function refuseFiles(
  index: number,
  draft: MessageDraft,
  outcomes: NewMessageOutcome[],
  byRoom: Map<string, number[]>,
): void {
  outcomes[index] = { kind: 'invalid-files' };
  const remaining = byRoom.get(draft.roomId)!.filter((other) => other !== index);
  if (remaining.length > 0) byRoom.set(draft.roomId, remaining);
  else byRoom.delete(draft.roomId);
}
