import type { UrlSigner } from '../../common/signed-urls/url-signer';
import { ApiProperty } from '@nestjs/swagger';
import { FileResponseDto } from '../../files/dto/file-response.dto';
import { UserRefDto, toUserRef } from '../../rooms/dto/room-response.dto';
import type { MessageView, ReactionRow, ReplyPreview } from '../message-view';

/** A mentioned member, as mentions and search use them: by username. */
export class MentionDto {
  id: string;
  username: string;
}

export class ReactionDto {
  /** One RGI emoji. */
  emoji: string;
  count: number;
  /** Who reacted with it, in the order they did. */
  userIds: string[];
}

/** The message a reply answers, as it is now: `body` is its first 200 code points, "" once deleted. */
export class ReplyToDto {
  id: string;
  seq: number;
  sender: UserRefDto;
  body: string;
  /** ISO 8601 UTC, or null. */
  @ApiProperty({ type: String, nullable: true })
  deletedAt: string | null;
}

export class MessageResponseDto {
  id: string;
  roomId: string;
  /** Per room, from 1, gap-free, in commit order. */
  seq: number;
  /** "" once deleted. */
  body: string;
  sender: UserRefDto;
  /** The sender's idempotency key, or null. */
  @ApiProperty({ type: String, nullable: true })
  clientMsgId: string | null;
  /** ISO 8601 UTC. */
  createdAt: string;
  /**
   * The room's change number of this message's last edit, deletion or reaction change; 0
   * until it first changes. Apply a Message only when its version is higher than the one held.
   */
  version: number;
  /** ISO 8601 UTC of the last edit, or null. */
  @ApiProperty({ type: String, nullable: true })
  editedAt: string | null;
  /** ISO 8601 UTC, or null. A deleted message keeps id, seq, sender, createdAt and clientMsgId. */
  @ApiProperty({ type: String, nullable: true })
  deletedAt: string | null;
  /** The message this one answers, composed when read; null when none (or deleted). */
  @ApiProperty({ type: ReplyToDto, nullable: true })
  replyTo: ReplyToDto | null;
  /** Room members this message mentions. */
  mentions: MentionDto[];
  /** In order of each emoji's first use. */
  reactions: ReactionDto[];
  /** Attached files. */
  @ApiProperty({ type: [FileResponseDto] })
  files: FileResponseDto[];
}

export class MessagePageDto {
  /** Ascending seq. */
  messages: MessageResponseDto[];
  /** More messages exist beyond this page in the direction of travel. */
  hasMore: boolean;
}

/** `?around=SEQ` (jumping to a message): a page with more possibly on either side. */
export class MessageAroundPageDto extends MessagePageDto {
  /** Older messages exist before this page (equals `hasMore`). */
  hasMoreBefore: boolean;
  /** Newer messages exist after this page. */
  hasMoreAfter: boolean;
}

export function toMessageResponse(
  { message, reactions, replyTo, mentions }: MessageView,
  signer: UrlSigner,
): MessageResponseDto {
  return {
    id: message.id,
    roomId: message.roomId,
    seq: message.seq,
    body: message.body,
    sender: toUserRef(message.sender, signer),
    clientMsgId: message.clientMsgId,
    createdAt: message.createdAt.toISOString(),
    version: message.version,
    editedAt: message.editedAt?.toISOString() ?? null,
    deletedAt: message.deletedAt?.toISOString() ?? null,
    replyTo: replyTo && toReplyTo(replyTo, signer),
    mentions:
      message.deletedAt === null
        ? (mentions ?? []).map(({ id, username }) => ({ id, username }))
        : [],
    reactions: toReactions(reactions),
    files: [],
  };
}

function toReplyTo(replyTo: ReplyPreview, signer: UrlSigner): ReplyToDto {
  return {
    id: replyTo.id,
    seq: replyTo.seq,
    sender: toUserRef(replyTo.sender, signer),
    body: replyTo.body,
    deletedAt: replyTo.deletedAt?.toISOString() ?? null,
  };
}

/** Reactions come ordered by when each was set, so emojis keep the order of their first use. */
function toReactions(reactions: ReactionRow[]): ReactionDto[] {
  const byEmoji = new Map<string, string[]>();
  for (const { emoji, userId } of reactions) {
    const userIds = byEmoji.get(emoji);
    if (userIds) userIds.push(userId);
    else byEmoji.set(emoji, [userId]);
  }
  return [...byEmoji].map(([emoji, userIds]) => ({ emoji, count: userIds.length, userIds }));
}
