import type { MessageChange } from './message-writer';
import type { MentionRef } from './mentions';
import {
  MessageView,
  ReactionRow,
  replyPreviewBody,
  ReplyPreview,
  StoredMessage,
  viewOf,
} from './message-view';

/** Different emojis one message may carry (API.md: a 21st is refused). */
export const MAX_DISTINCT_REACTIONS = 20;

/** What became of an edit, deletion or reaction change in a group write. */
export type ChangeOutcome =
  /** It took the room's next change number (the view's version); the view is as it left it. */
  | { kind: 'changed'; view: MessageView }
  /** Nothing to change (same body, deleted again, set what is set): no number taken. */
  | { kind: 'unchanged'; view: MessageView }
  /** No such message in that room, or (edits, reactions) it is deleted. */
  | { kind: 'not-found' }
  /** Not the sender (edit), nor a moderator (delete). */
  | { kind: 'forbidden' }
  /** A new emoji beyond MAX_DISTINCT_REACTIONS. */
  | { kind: 'too-many-reactions' };

/** A message a group's changes name, as read under its room's lock. */
export interface MessageBeforeChanges {
  message: StoredMessage;
  /** In the order set (REACTION_ORDER). */
  reactions: ReactionRow[];
  replyTo: ReplyPreview | null;
}

/** A reaction row to insert. */
export interface ReactionInsert extends ReactionRow {
  messageId: string;
  at: Date;
}

/** A message row's new columns, by what its changes did to it. */
export type MessageUpdate =
  | { kind: 'deleted'; id: string; deletedAt: Date; version: number }
  | { kind: 'edited'; id: string; body: string; editedAt: Date; version: number }
  /** Only its version moved (reactions, files). */
  | { kind: 'versioned'; id: string; version: number };

/**
 * Everything a group's changes write, net of each other: a message changed twice is updated
 * once, a reaction set and unset again is not written at all.
 */
export interface ChangeWrites {
  messages: MessageUpdate[];
  /** Bodies replaced by edits (none for a message the group deletes). */
  revisions: { messageId: string; replacedIn: number; body: string; editedAt: Date }[];
  /** Messages whose revisions, reactions and mentions all go (deleted ones). */
  cleared: string[];
  /** Reactions stored and no longer set. */
  reactionsRemoved: { messageId: string; userId: string; emoji: string }[];
  /** Reactions set anew (a stored one set again since: with its new numbers). */
  reactionsSet: ReactionInsert[];
  /** Messages whose mentions are replaced by `mentionsAdded` (edited ones). */
  mentionsReplaced: string[];
  mentionsAdded: {
    messageId: string;
    userId: string;
    roomId: string;
    senderId: string;
    seq: number;
  }[];
  /** Each room whose counter moved, with its new last change. */
  lastChanges: Map<string, number>;
}

/** A message while the group's changes apply to it. */
interface Changing {
  message: StoredMessage;
  /** The version as stored: a message whose version moved has something to write. */
  storedVersion: number;
  reactions: ReactionRow[];
  replyTo: ReplyPreview | null;
  /** The reactions as stored, by reactionKey: what the net writes are against. */
  stored: Map<string, ReactionRow>;
  /** When each reaction the group set was set. */
  setAt: Map<string, Date>;
  mentions?: MentionRef[];
  /** Bodies the group's edits replaced: an edited message has at least one. */
  revisions: { replacedIn: number; body: string; editedAt: Date }[];
}

/**
 * The rules of edits, deletions and reactions (API.md "Edit, delete, react, reply"), applied
 * in memory to what a group read under its rooms' locks, one change after another as if each
 * were alone: a later change of the same message sees what the earlier one left. Each change
 * that changes something takes its room's next change number. What to write comes out at
 * the end, once, so a group costs the same few statements however many changes it holds.
 */
export class GroupChanges {
  private readonly lastChanges: Map<string, number>;
  private readonly changing = new Map<string, Changing>();
  private readonly moved = new Set<string>();

  /**
   * @param lastChanges each room's counter as locked (rooms that do not exist are missing)
   * @param messages the messages the changes name, by id (missing ones do not exist)
   */
  constructor(lastChanges: Map<string, number>, messages: Map<string, MessageBeforeChanges>) {
    this.lastChanges = new Map(lastChanges);
    for (const [id, { message, reactions, replyTo }] of messages) {
      this.changing.set(id, {
        message,
        storedVersion: message.version,
        reactions,
        replyTo,
        stored: new Map(reactions.map((reaction) => [reactionKey(reaction), reaction])),
        setAt: new Map(),
        revisions: [],
      });
    }
  }

  apply(change: MessageChange): ChangeOutcome {
    const state = this.changing.get(change.messageId);
    if (!state || state.message.roomId !== change.roomId) return { kind: 'not-found' };
    if (!this.lastChanges.has(change.roomId)) return { kind: 'not-found' };
    const { message } = state;
    if (change.kind === 'delete') {
      if (message.senderId !== change.actorId && !change.isModerator) return { kind: 'forbidden' };
      if (message.deletedAt !== null) return { kind: 'unchanged', view: this.viewOf(state) };
      // The body is removed, not hidden: revisions, reactions and mentions go with it.
      state.message = {
        ...message,
        body: '',
        editedAt: null,
        deletedAt: change.at,
        replyToId: null,
        version: this.nextChange(message.roomId),
      };
      state.reactions = [];
      state.replyTo = null;
      state.mentions = [];
      state.revisions = [];
      return { kind: 'changed', view: this.viewOf(state) };
    }
    if (message.deletedAt !== null) return { kind: 'not-found' };
    switch (change.kind) {
      case 'files':
        state.message = { ...message, version: this.nextChange(message.roomId) };
        return { kind: 'changed', view: this.viewOf(state) };
      case 'edit': {
        if (message.senderId !== change.actorId) return { kind: 'forbidden' };
        if (message.body === change.body) return { kind: 'unchanged', view: this.viewOf(state) };
        const version = this.nextChange(message.roomId);
        state.revisions.push({
          replacedIn: version,
          body: message.body,
          editedAt: message.editedAt ?? message.createdAt,
        });
        state.message = { ...message, body: change.body, editedAt: change.at, version };
        // The new body's mentions replace the old ones (a removed mention leaves that count).
        if (change.mentions !== undefined) state.mentions = change.mentions;
        return { kind: 'changed', view: this.viewOf(state) };
      }
      case 'reaction':
        return this.react(state, change);
    }
  }

  /** What the changes applied so far write. */
  writes(): ChangeWrites {
    const writes: ChangeWrites = {
      messages: [],
      revisions: [],
      cleared: [],
      reactionsRemoved: [],
      reactionsSet: [],
      mentionsReplaced: [],
      mentionsAdded: [],
      lastChanges: new Map(
        [...this.moved].map((roomId) => [roomId, this.lastChanges.get(roomId)!]),
      ),
    };
    for (const state of this.changing.values()) {
      const { message } = state;
      if (message.version === state.storedVersion) continue;
      if (message.deletedAt !== null) {
        writes.messages.push({
          kind: 'deleted',
          id: message.id,
          deletedAt: message.deletedAt,
          version: message.version,
        });
        writes.cleared.push(message.id);
        continue;
      }
      writes.messages.push(
        state.revisions.length > 0
          ? {
              kind: 'edited',
              id: message.id,
              body: message.body,
              editedAt: message.editedAt!,
              version: message.version,
            }
          : { kind: 'versioned', id: message.id, version: message.version },
      );
      for (const revision of state.revisions)
        writes.revisions.push({ messageId: message.id, ...revision });
      this.reactionWrites(state, writes);
      if (state.mentions !== undefined) {
        writes.mentionsReplaced.push(message.id);
        for (const mention of state.mentions) {
          writes.mentionsAdded.push({
            messageId: message.id,
            userId: mention.id,
            roomId: message.roomId,
            senderId: message.senderId,
            seq: message.seq,
          });
        }
      }
    }
    return writes;
  }

  private react(
    state: Changing,
    change: Extract<MessageChange, { kind: 'reaction' }>,
  ): ChangeOutcome {
    const { message, reactions } = state;
    const isMine = (r: ReactionRow) => r.userId === change.actorId && r.emoji === change.emoji;
    if (reactions.some(isMine) === change.on) {
      return { kind: 'unchanged', view: this.viewOf(state) };
    }
    if (change.on) {
      const emojis = new Set(reactions.map((r) => r.emoji));
      if (!emojis.has(change.emoji) && emojis.size >= MAX_DISTINCT_REACTIONS) {
        return { kind: 'too-many-reactions' };
      }
      const version = this.nextChange(message.roomId);
      // An emoji keeps its place while anyone keeps it; a new one goes last.
      const emojiSince = reactions.find((r) => r.emoji === change.emoji)?.emojiSince ?? version;
      const added = { emoji: change.emoji, userId: change.actorId, setIn: version, emojiSince };
      state.setAt.set(reactionKey(added), change.at);
      // Stable: within an emoji the new user, whose setIn is the highest, stays last.
      state.reactions = [...reactions, added].sort((a, b) => a.emojiSince - b.emojiSince);
      state.message = { ...message, version };
    } else {
      state.reactions = reactions.filter((r) => !isMine(r));
      state.message = { ...message, version: this.nextChange(message.roomId) };
    }
    return { kind: 'changed', view: this.viewOf(state) };
  }

  /** Reactions as stored against as they are now: a row whose setIn moved is set again. */
  private reactionWrites(state: Changing, writes: ChangeWrites): void {
    const now = new Map(state.reactions.map((reaction) => [reactionKey(reaction), reaction]));
    for (const [key, stored] of state.stored) {
      if (!now.has(key)) {
        writes.reactionsRemoved.push({
          messageId: state.message.id,
          userId: stored.userId,
          emoji: stored.emoji,
        });
      }
    }
    for (const [key, reaction] of now) {
      if (state.stored.get(key)?.setIn !== reaction.setIn) {
        writes.reactionsSet.push({
          messageId: state.message.id,
          at: state.setAt.get(key)!,
          ...reaction,
        });
      }
    }
  }

  private nextChange(roomId: string): number {
    const next = this.lastChanges.get(roomId)! + 1;
    this.lastChanges.set(roomId, next);
    this.moved.add(roomId);
    return next;
  }

  /**
   * The message as the wire shows it now. A quoted message the group changes too is shown
   * as the group has left it so far, as it would be had each change committed alone.
   */
  private viewOf(state: Changing): MessageView {
    const quoted = state.replyTo && this.changing.get(state.replyTo.id)?.message;
    const replyTo =
      quoted && state.replyTo
        ? {
            ...state.replyTo,
            body: quoted.deletedAt === null ? replyPreviewBody(quoted.body) : '',
            deletedAt: quoted.deletedAt,
          }
        : state.replyTo;
    return viewOf(state.message, state.reactions, replyTo, state.mentions);
  }
}

function reactionKey(reaction: Pick<ReactionRow, 'userId' | 'emoji'>): string {
  return `${reaction.userId}\u0000${reaction.emoji}`;
}
