import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { AttachmentsStore } from './attachments.store';
import { formatSize } from './file-size';

/**
 * The files chosen for the next message, above the composer: each with its progress while it
 * uploads, then "Ready", or why it failed (with Retry when trying again may help); each can be
 * cancelled or removed.
 */
@Component({
  selector: 'app-attachment-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (attachments.attachments().length > 0) {
      <ul class="attachments" aria-label="Files for the next message">
        @for (item of attachments.attachments(); track item.key) {
          <li class="attachment" [class.failed]="item.status === 'failed'">
            <span class="name" [title]="item.name">{{ item.name }}</span>
            <span class="size">{{ size(item.size) }}</span>
            @if (item.status === 'uploading') {
              <progress
                max="1"
                [value]="item.progress"
                [attr.aria-label]="'Uploading ' + item.name"
              ></progress>
            } @else if (item.status === 'done') {
              <span class="state">Ready</span>
            } @else {
              <span class="state error" role="alert">{{ item.error }}</span>
              @if (item.canRetry) {
                <button type="button" class="link" (click)="attachments.retry(item.key)">
                  Retry
                </button>
              }
            }
            <button
              type="button"
              class="remove"
              [attr.aria-label]="
                (item.status === 'uploading' ? 'Cancel the upload of ' : 'Remove ') + item.name
              "
              [title]="item.status === 'uploading' ? 'Cancel the upload' : 'Remove'"
              (click)="attachments.remove(item.key)"
            >
              ✕
            </button>
          </li>
        }
      </ul>
    }
    @if (attachments.notice()) {
      <p class="notice" role="status">{{ attachments.notice() }}</p>
    }
  `,
  styles: `
    .attachments {
      list-style: none;
      margin: 0 1rem;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
    }
    .attachment {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      padding: 0.25rem 0.5rem;
      border: 1px solid var(--border);
      border-radius: 6px;
      background: var(--surface);
      font-size: 0.85rem;
    }
    .attachment.failed {
      border-color: var(--danger);
    }
    .attachment .name {
      min-width: 0;
      max-width: 40%;
      overflow: hidden;
      white-space: nowrap;
      text-overflow: ellipsis;
      font-weight: 600;
    }
    .attachment .size,
    .attachment .state {
      color: var(--muted);
    }
    .attachment .state.error {
      color: var(--danger);
    }
    .attachment progress {
      flex: 1;
      min-width: 4rem;
    }
    .attachment .remove {
      margin-left: auto;
      border: none;
      background: none;
      color: var(--text);
      font: inherit;
      cursor: pointer;
      padding: 0.1rem 0.4rem;
      border-radius: 6px;
    }
    .attachment .remove:hover {
      background: var(--hover);
    }
    .notice {
      margin: 0.25rem 1rem 0;
      font-size: 0.85rem;
      color: var(--muted);
    }
  `,
})
export class AttachmentListComponent {
  protected readonly attachments = inject(AttachmentsStore);
  protected readonly size = formatSize;
}

/** The composer's 📎 button: picks files from the device for the next message. */
@Component({
  selector: 'app-attach-button',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <input
      #picker
      type="file"
      multiple
      class="visually-hidden"
      tabindex="-1"
      aria-hidden="true"
      (change)="onPicked($event)"
    />
    <button
      type="button"
      class="attach"
      title="Attach files (or drop them on the room, or paste an image)"
      aria-label="Attach files"
      (click)="picker.click()"
    >
      <span aria-hidden="true">📎</span>
    </button>
  `,
  styles: `
    :host {
      display: contents;
    }
    .attach {
      align-self: center;
      border: none;
      background: none;
      color: var(--text);
      font: inherit;
      font-size: 1.2rem;
      cursor: pointer;
      padding: 0.1rem 0.4rem;
      border-radius: 6px;
    }
    .attach:hover {
      background: var(--hover);
    }
  `,
})
export class AttachButtonComponent {
  private readonly attachments = inject(AttachmentsStore);

  protected onPicked(event: Event): void {
    const input = event.target as HTMLInputElement;
    if (input.files) this.attachments.add([...input.files]);
    input.value = ''; // the same file may be picked again
  }
}
