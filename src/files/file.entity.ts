import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'files' })
export class FileEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'room_id', type: 'uuid' })
  roomId: string;

  @Column({ name: 'uploader_id', type: 'uuid' })
  uploaderId: string;

  /** The uploader's file name, cleaned (no path, no control or bidi characters): shown only. */
  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'integer' })
  size: number;

  /** Sniffed from the bytes; what the uploader claimed is never stored. */
  @Column({ name: 'content_type', type: 'varchar', length: 127 })
  contentType: string;

  /** Random; never derived from the file name. */
  @Column({ name: 'storage_key', type: 'varchar', length: 64 })
  storageKey: string;

  @Column({ type: 'integer', nullable: true })
  width: number | null;

  @Column({ type: 'integer', nullable: true })
  height: number | null;

  /** Set once the thumbnail is stored; null for non-images and until then. */
  @Column({ name: 'thumbnail_key', type: 'varchar', length: 64, nullable: true })
  thumbnailKey: string | null;

  /** Null until a message claims the file; unattached files are removed after a day. */
  @Column({ name: 'message_id', type: 'uuid', nullable: true })
  messageId: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;
}
