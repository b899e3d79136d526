/**
 * Published by FilesService after commit. `file.thumbnailReady`: an image's thumbnail was
 * stored after its upload had been answered; a listener can send `message:updated` for the
 * message it is attached to (messageId null: not attached yet, nothing to update).
 */
export const FileEvent = {
  ThumbnailReady: 'file.thumbnailReady',
} as const;

export interface FileThumbnailReadyEvent {
  fileId: string;
  messageId: string | null;
}
