import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { READ_MOVED, ReadMovedEvent } from '../attention/attention-events';
import { AttentionService } from '../attention/attention.service';
import type { Notification } from '../attention/notifications';
import { MENTIONS_ADDED, MentionsAddedEvent } from '../messages/mention-events';
import { MESSAGE_CREATED, MessageCreatedEvent } from '../messages/message-events';
import type { ChatMessage } from './chat-events';
import type { ChatServer } from './chat-broadcaster';
import { userChannel } from './channels';

/**
 * `read` and `notification`, to every socket of a user on every instance: each is one emit to
 * user channels through the adapter. Only the instance that committed a message notifies of
 * it, so nobody hears twice. Recipients are looked up off the send path: after the ack,
 * batched (every message committed in one turn of the event loop shares one query).
 */
@Injectable()
export class AttentionBroadcaster {
  private readonly logger = new Logger(AttentionBroadcaster.name);
  private server?: ChatServer;
  private pending: ChatMessage[] = [];

  constructor(private readonly attention: AttentionService) {}

  attach(server: ChatServer): void {
    this.server = server;
  }

  @OnEvent(READ_MOVED)
  onReadMoved({ userId, roomId, lastReadSeq, unread, mentions }: ReadMovedEvent): void {
    this.server?.to(userChannel(userId)).emit('read', { roomId, lastReadSeq, unread, mentions });
  }

  @OnEvent(MESSAGE_CREATED)
  onMessageCreated({ message }: MessageCreatedEvent): void {
    this.pending.push(message);
    if (this.pending.length === 1) setImmediate(() => void this.notifyPending());
  }

  @OnEvent(MENTIONS_ADDED)
  onMentionsAdded({ message, userIds }: MentionsAddedEvent): void {
    void this.deliver(() => this.attention.notificationsOfEdit(message, userIds));
  }

  private async notifyPending(): Promise<void> {
    const messages = this.pending;
    this.pending = [];
    await this.deliver(() => this.attention.notificationsOfNew(messages));
  }

  private async deliver(find: () => Promise<Notification[]>): Promise<void> {
    if (!this.server) return;
    try {
      for (const { message, reason, userIds } of await find()) {
        this.server
          .to(userIds.map(userChannel))
          .emit('notification', { roomId: message.roomId, message, reason });
      }
    } catch (error) {
      // A missed notification is not worth failing anything for: counts still come from markers.
      this.logger.error(error instanceof Error ? error.stack : String(error));
    }
  }
}
