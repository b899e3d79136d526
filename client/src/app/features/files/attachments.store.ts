import { HttpClient, HttpErrorResponse, HttpEventType } from '@angular/common/http';
import { computed, inject, Injectable, OnDestroy, signal } from '@angular/core';
import type { Subscription } from 'rxjs';
import type { ChatFile } from '../../core/realtime/chat-events';
import { errorMessages } from '../../core/api/api-errors';

/** Files one message may carry (API.md "Files"). */
export const MAX_FILES_PER_MESSAGE = 10;

export type AttachmentStatus = 'uploading' | 'done' | 'failed';

/** A file chosen for the next message: uploading, uploaded (its File), or failed. */
export interface Attachment {
  /** Local id, for tracking in the list. */
  key: number;
  name: string;
  size: number;
  status: AttachmentStatus;
  /** 0–1 while uploading. */
  progress: number;
  /** Why it failed, in words; `canRetry` when trying again may help (network, server busy). */
  error?: string;
  canRetry?: boolean;
  file?: ChatFile;
}

/**
 * The composer's attachments for the open room: each chosen, dropped or pasted file uploads at
 * once (POST /api/rooms/:id/files) with its progress shown, can be cancelled or removed, and
 * goes with the next message by id. Provided by the chat room, shared with its composer.
 */
@Injectable()
export class AttachmentsStore implements OnDestroy {
  private readonly http = inject(HttpClient);
  private readonly list = signal<Attachment[]>([]);
  private readonly uploads = new Map<number, { subscription: Subscription; blob: File }>();
  private nextKey = 1;
  private roomId: string | null = null;

  readonly attachments = this.list.asReadonly();
  readonly isUploading = computed(() => this.list().some((a) => a.status === 'uploading'));
  readonly ready = computed(() =>
    this.list()
      .filter((a) => a.status === 'done')
      .map((a) => a.file!),
  );
  /** Shown when more files were offered than a message can carry. */
  readonly notice = signal('');

  /** The room the files go to; switching rooms drops what was chosen for the previous one. */
  setRoom(roomId: string): void {
    if (roomId === this.roomId) return;
    this.clear();
    this.roomId = roomId;
  }

  /** Starts uploading each file (up to the per-message limit). */
  add(files: Iterable<File>): void {
    const room = this.roomId;
    if (!room) return;
    this.notice.set('');
    for (const blob of files) {
      if (this.list().length >= MAX_FILES_PER_MESSAGE) {
        this.notice.set(`A message can carry at most ${MAX_FILES_PER_MESSAGE} files.`);
        return;
      }
      const key = this.nextKey++;
      this.list.update((list) => [
        ...list,
        {
          key,
          name: blob.name || 'pasted image',
          size: blob.size,
          status: 'uploading',
          progress: 0,
        },
      ]);
      this.start(key, room, blob);
    }
  }

  /** Uploads a failed file again. */
  retry(key: number): void {
    const upload = this.uploads.get(key);
    if (!upload || !this.roomId) return;
    this.patch(key, { status: 'uploading', progress: 0, error: undefined, canRetry: undefined });
    this.start(key, this.roomId, upload.blob);
  }

  /** Cancels an upload under way (the request is aborted) or takes a file off the message. */
  remove(key: number): void {
    this.uploads.get(key)?.subscription.unsubscribe();
    this.uploads.delete(key);
    this.list.update((list) => list.filter((a) => a.key !== key));
    this.notice.set('');
  }

  /** The uploaded files, for the message being sent; the list starts empty again. */
  take(): ChatFile[] {
    const files = this.ready();
    this.clear();
    return files;
  }

  clear(): void {
    for (const { subscription } of this.uploads.values()) subscription.unsubscribe();
    this.uploads.clear();
    this.list.set([]);
    this.notice.set('');
  }

  ngOnDestroy(): void {
    this.clear();
  }

  private start(key: number, roomId: string, blob: File): void {
    const form = new FormData();
    form.append('file', blob, blob.name || 'pasted-image');
    const subscription = this.http
      .post<ChatFile>(`/api/rooms/${roomId}/files`, form, {
        reportProgress: true,
        observe: 'events',
      })
      .subscribe({
        next: (event) => {
          if (event.type === HttpEventType.UploadProgress) {
            this.patch(key, { progress: event.total ? event.loaded / event.total : 0 });
          } else if (event.type === HttpEventType.Response && event.body) {
            this.patch(key, { status: 'done', progress: 1, file: event.body });
          }
        },
        error: (error: unknown) => this.patch(key, { status: 'failed', ...uploadError(error) }),
      });
    this.uploads.set(key, { subscription, blob });
  }

  private patch(key: number, change: Partial<Attachment>): void {
    this.list.update((list) => list.map((a) => (a.key === key ? { ...a, ...change } : a)));
  }
}

/** What went wrong, in words: the server's own (too large, with the limit; quota), or the network. */
export function uploadError(error: unknown): { error: string; canRetry: boolean } {
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0) {
      return { error: 'Upload failed: the server could not be reached.', canRetry: true };
    }
    if (error.status === 413 || error.status === 400 || error.status === 403) {
      return { error: errorMessages(error).join(' '), canRetry: false };
    }
    if (error.status === 429) {
      return { error: 'Too many uploads at once. Wait a moment and retry.', canRetry: true };
    }
    if (error.status >= 500) {
      return { error: 'Upload failed on the server.', canRetry: true };
    }
  }
  return { error: errorMessages(error).join(' '), canRetry: true };
}
