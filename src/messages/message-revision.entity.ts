import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A body a message had before an edit replaced it (the current body is on the message). */
@Entity({ name: 'message_revisions' })
export class MessageRevisionEntity {
  @PrimaryColumn({ name: 'message_id', type: 'uuid' })
  messageId: string;

  /** The change number of the edit that replaced this body; orders the revisions. */
  @PrimaryColumn({ name: 'replaced_in', type: 'integer' })
  replacedIn: number;

  @Column({ type: 'text' })
  body: string;

  /** When this body became current: the message's createdAt for the original. */
  @Column({ name: 'edited_at', type: Date })
  editedAt: Date;
}
