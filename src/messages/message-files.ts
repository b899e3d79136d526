import { Injectable } from '@nestjs/common';
import { FilesService } from '../files/files.service';
import type { MessageResponseDto } from './dto/message-response.dto';

/**
 * The `files` of Messages as they are read (API.md "Files"): every read path of the service
 * passes its messages through here, a page at a time, so a page costs one query for its files
 * however many messages it has. The signed URLs are made fresh on each read.
 */
@Injectable()
export class MessageFiles {
  constructor(private readonly files: FilesService) {}

  /** Sets `files` of each message (in place) and returns them; a deleted message keeps []. */
  async fill<T extends MessageResponseDto>(messages: T[]): Promise<T[]> {
    const live = messages.filter((message) => message.deletedAt === null);
    if (live.length === 0) return messages;
    const byMessage = await this.files.filesForMessages(live.map((message) => message.id));
    for (const message of live) message.files = byMessage.get(message.id) ?? [];
    return messages;
  }

  /** {@link fill} for one message. */
  async fillOne<T extends MessageResponseDto>(message: T): Promise<T> {
    await this.fill([message]);
    return message;
  }

  /** After a message is deleted: its files' rows and bytes go too. */
  deleteOf(messageId: string): Promise<void> {
    return this.files.deleteForMessage(messageId);
  }
}
