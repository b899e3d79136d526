import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { FileEvent, FileThumbnailReadyEvent } from '../files/file-events';
import { MessagesService } from './messages.service';

/**
 * An image's thumbnail became ready after the message that carries it was sent: the message
 * takes a new version (a change, like an edit), so `message:updated` with the thumbnail's URL
 * reaches the room, and clients that were away get it among the room's changes.
 */
@Injectable()
export class ThumbnailUpdates {
  private readonly logger = new Logger(ThumbnailUpdates.name);

  constructor(private readonly messages: MessagesService) {}

  @OnEvent(FileEvent.ThumbnailReady)
  async onThumbnailReady({ messageId }: FileThumbnailReadyEvent): Promise<void> {
    if (messageId === null) return;
    try {
      await this.messages.filesChanged(messageId);
    } catch (error) {
      this.logger.warn(`Could not update message ${messageId}: ${(error as Error).message}`);
    }
  }
}
