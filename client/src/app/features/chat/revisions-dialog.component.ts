import { HttpClient } from '@angular/common/http';
import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { errorMessages } from '../../core/api/api-errors';
import type { MessageRevisions } from '../../core/api/api-types';
import { fullTime } from '../../shared/time/relative-time';

interface RevisionLine {
  label: string;
  body: string;
  editedAt: string;
  time: string;
}

/**
 * The versions an edited message has had, original first: opened from its "(edited)" marker
 * by its sender and the room's owners and admins (the only ones the server shows them to).
 */
@Component({
  selector: 'app-revisions-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dialog
      #dialog
      aria-labelledby="revisions-title"
      (cancel)="$event.preventDefault(); closed.emit()"
    >
      <h2 id="revisions-title">Edit history</h2>
      @if (error()) {
        <p class="form-error" role="alert">{{ error() }}</p>
      } @else if (lines() === null) {
        <p class="loading">Loading…</p>
      } @else {
        <ol class="revisions">
          @for (line of lines(); track $index) {
            <li>
              <p class="when">
                <strong>{{ line.label }}</strong>
                <time [attr.datetime]="line.editedAt">{{ line.time }}</time>
              </p>
              <p class="revision-body">{{ line.body }}</p>
            </li>
          }
        </ol>
      }
      <div class="actions">
        <button #closeButton type="button" class="button secondary" (click)="closed.emit()">
          Close
        </button>
      </div>
    </dialog>
  `,
  styleUrl: '../../shared/dialog.scss',
  styles: `
    dialog {
      width: min(100% - 2rem, 34rem);
    }
    .revisions {
      list-style: none;
      margin: 1rem 0;
      padding: 0;
      display: grid;
      gap: 0.75rem;
      max-height: 60vh;
      overflow-y: auto;
    }
    .revisions li {
      border-left: 3px solid var(--border);
      padding-left: 0.75rem;
    }
    .revisions li:last-child {
      border-left-color: var(--accent);
    }
    .when {
      margin: 0;
      display: flex;
      gap: 0.5rem;
      align-items: baseline;
      font-size: 0.85rem;
    }
    time {
      color: var(--muted);
    }
    .revision-body {
      margin: 0.2rem 0 0;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
  `,
})
export class RevisionsDialogComponent {
  readonly messageId = input.required<string>();
  readonly closed = output<void>();

  private readonly http = inject(HttpClient);
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  private readonly closeButton = viewChild.required<ElementRef<HTMLButtonElement>>('closeButton');
  protected readonly lines = signal<RevisionLine[] | null>(null);
  protected readonly error = signal('');

  constructor() {
    afterNextRender(() => {
      this.dialog().nativeElement.showModal();
      this.closeButton().nativeElement.focus();
      void this.load();
    });
  }

  private async load(): Promise<void> {
    try {
      const { revisions } = await firstValueFrom(
        this.http.get<MessageRevisions>(`/api/messages/${this.messageId()}/revisions`),
      );
      this.lines.set(
        revisions.map((revision, i) => ({
          label: revisionLabel(i, revisions.length),
          body: revision.body,
          editedAt: revision.editedAt,
          time: fullTime(new Date(revision.editedAt)),
        })),
      );
    } catch (error) {
      this.error.set(errorMessages(error)[0]);
    }
  }
}

/** "Original", "Edit 1", …, and "Current" for the last. */
export function revisionLabel(index: number, count: number): string {
  if (index === 0) return 'Original';
  return index === count - 1 ? 'Current' : `Edit ${index}`;
}
