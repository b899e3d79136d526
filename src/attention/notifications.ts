import type { MessageResponseDto } from '../messages/dto/message-response.dto';
import type { NotifyTarget } from './attention.repository';

export type NotificationReason = 'mention' | 'direct' | 'message';

/** One `notification` to every socket of `userIds`. */
export interface Notification {
  message: MessageResponseDto;
  reason: NotificationReason;
  userIds: string[];
}

/**
 * Who is told of a new message, and why, by each member's notify level (API.md): `none`
 * nothing; in a direct room every message; elsewhere `all` every message and `mentions` only
 * mentions. Never the sender. The reason is the most specific that holds: `mention` when the
 * message mentions them (in a direct room too), else `direct` in a direct room, else
 * `message`.
 */
export function notificationsOf(
  message: MessageResponseDto,
  targets: NotifyTarget[],
): Notification[] {
  const mentioned = new Set(message.mentions.map((mention) => mention.id));
  const byReason = new Map<NotificationReason, string[]>();
  for (const target of targets) {
    if (target.roomId !== message.roomId || target.userId === message.sender.id) continue;
    const reason = reasonFor(target, mentioned.has(target.userId));
    if (reason === null) continue;
    const userIds = byReason.get(reason);
    if (userIds) userIds.push(target.userId);
    else byReason.set(reason, [target.userId]);
  }
  return [...byReason].map(([reason, userIds]) => ({ message, reason, userIds }));
}

function reasonFor(target: NotifyTarget, isMentioned: boolean): NotificationReason | null {
  if (target.notify === 'none') return null;
  if (isMentioned) return 'mention';
  if (target.kind === 'direct') return 'direct';
  return target.notify === 'all' ? 'message' : null;
}
