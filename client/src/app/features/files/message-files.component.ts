import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import type { ChatFile } from '../../core/realtime/chat-events';
import { formatSize } from './file-size';

/** The largest box a thumbnail takes in the timeline. */
export const THUMBNAIL_BOX = 240;

/** An image is a file the server measured (PNG, JPEG, GIF, WebP). */
export function isImage(file: ChatFile): file is ChatFile & { width: number; height: number } {
  return file.width !== null && file.height !== null && file.width > 0 && file.height > 0;
}

/** The box an image's thumbnail takes: its shape, at most THUMBNAIL_BOX, never upscaled. */
export function thumbnailBox(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, THUMBNAIL_BOX / width, THUMBNAIL_BOX / height);
  return {
    width: Math.max(Math.round(width * scale), 24),
    height: Math.max(Math.round(height * scale), 24),
  };
}

/**
 * A message's files: images as thumbnails in boxes of their final size (known from the
 * message, so the timeline does not jump when they load), a click opens the viewer; other
 * files as chips with name, size and a download link.
 */
@Component({
  selector: 'app-message-files',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (images().length > 0) {
      <ul class="images" aria-label="Images">
        @for (image of images(); track image.file.id) {
          <li>
            <button
              type="button"
              class="thumb"
              [style.width.px]="image.box.width"
              [style.height.px]="image.box.height"
              [attr.aria-label]="'View ' + image.file.name"
              [title]="image.file.name"
              (click)="openImage.emit(image.file.id)"
            >
              @if (image.file.thumbnailUrl) {
                <img
                  [src]="image.file.thumbnailUrl"
                  [alt]="image.file.name"
                  [width]="image.box.width"
                  [height]="image.box.height"
                  loading="lazy"
                  decoding="async"
                />
              } @else {
                <span class="preparing">Preparing preview…</span>
              }
            </button>
          </li>
        }
      </ul>
    }
    @if (others().length > 0) {
      <ul class="others" aria-label="Files">
        @for (file of others(); track file.id) {
          <li>
            <a class="file-chip" [href]="file.url" [attr.download]="file.name" rel="noopener">
              <span class="icon" aria-hidden="true">📄</span>
              <span class="name">{{ file.name }}</span>
              <span class="size">{{ size(file.size) }}</span>
              <span class="visually-hidden">, download</span>
            </a>
          </li>
        }
      </ul>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    ul {
      list-style: none;
      margin: 0.25rem 0 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
    }
    .thumb {
      display: flex;
      align-items: center;
      justify-content: center;
      padding: 0;
      border: 1px solid var(--border);
      border-radius: 8px;
      overflow: hidden;
      background: var(--hover);
      cursor: zoom-in;
    }
    .thumb img {
      display: block;
      width: 100%;
      height: 100%;
      object-fit: cover;
    }
    .preparing {
      font-size: 0.75rem;
      color: var(--muted);
      padding: 0.25rem;
      text-align: center;
    }
    .file-chip {
      display: inline-flex;
      align-items: center;
      gap: 0.4rem;
      max-width: 22rem;
      padding: 0.35rem 0.6rem;
      border: 1px solid var(--border);
      border-radius: 8px;
      background: var(--surface);
      color: var(--text);
      text-decoration: none;
      font-size: 0.85rem;
    }
    .file-chip:hover {
      background: var(--hover);
    }
    .file-chip .name {
      min-width: 0;
      overflow: hidden;
      white-space: nowrap;
      text-overflow: ellipsis;
      font-weight: 600;
      color: var(--accent);
      text-decoration: underline;
    }
    .file-chip .size {
      color: var(--muted);
      white-space: nowrap;
    }
  `,
})
export class MessageFilesComponent {
  readonly files = input.required<ChatFile[]>();
  readonly openImage = output<string>();

  protected readonly size = formatSize;
  protected readonly images = computed(() =>
    this.files()
      .filter(isImage)
      .map((file) => ({ file, box: thumbnailBox(file.width, file.height) })),
  );
  protected readonly others = computed(() => this.files().filter((file) => !isImage(file)));
}
