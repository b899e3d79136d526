import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  input,
  output,
  viewChild,
} from '@angular/core';
import type { ChatFile } from '../../core/realtime/chat-events';

/**
 * The full-size image viewer: a modal dialog over the room. Escape closes it; the arrow keys
 * (and the buttons) move between the images of the room, in timeline order.
 */
@Component({
  selector: 'app-image-viewer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Keys pressed anywhere in the dialog (its buttons have the focus) reach the host.
  host: { '(keydown)': 'onKeydown($event)' },
  template: `
    <dialog
      #dialog
      class="viewer"
      aria-labelledby="viewer-title"
      (cancel)="$event.preventDefault(); closed.emit()"
    >
      @if (current(); as file) {
        <header>
          <h2 id="viewer-title">
            {{ file.name }}
            <span class="position">{{ index() + 1 }} of {{ images().length }}</span>
          </h2>
          <a class="button secondary" [href]="file.url" [attr.download]="file.name">Download</a>
          <button type="button" class="button secondary" (click)="closed.emit()">Close</button>
        </header>
        <div class="stage">
          <button
            type="button"
            class="nav"
            aria-label="Previous image"
            [disabled]="index() === 0"
            (click)="move(-1)"
          >
            ‹
          </button>
          <img [src]="file.url" [alt]="file.name" [width]="file.width" [height]="file.height" />
          <button
            type="button"
            class="nav"
            aria-label="Next image"
            [disabled]="index() === images().length - 1"
            (click)="move(1)"
          >
            ›
          </button>
        </div>
      }
    </dialog>
  `,
  styles: `
    .viewer {
      width: min(100vw - 2rem, 1200px);
      max-height: calc(100vh - 2rem);
      border: 1px solid var(--border);
      border-radius: 12px;
      background: var(--surface);
      color: var(--text);
      padding: 1rem;
    }
    .viewer::backdrop {
      background: rgb(0 0 0 / 75%);
    }
    header {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      margin-bottom: 0.75rem;
    }
    h2 {
      flex: 1;
      min-width: 0;
      margin: 0;
      font-size: 1rem;
      overflow: hidden;
      white-space: nowrap;
      text-overflow: ellipsis;
    }
    .position {
      margin-left: 0.5rem;
      font-weight: normal;
      color: var(--muted);
    }
    .stage {
      display: flex;
      align-items: center;
      gap: 0.5rem;
    }
    img {
      flex: 1;
      min-width: 0;
      max-height: calc(100vh - 8rem);
      width: auto;
      height: auto;
      object-fit: contain;
    }
    .nav {
      border: none;
      background: var(--hover);
      color: var(--text);
      font-size: 2rem;
      width: 2.5rem;
      height: 4rem;
      border-radius: 8px;
      cursor: pointer;
    }
    .nav:disabled {
      opacity: 0.3;
      cursor: default;
    }
  `,
})
export class ImageViewerComponent {
  /** The images of the room, in timeline order. */
  readonly images = input.required<ChatFile[]>();
  readonly index = input.required<number>();
  readonly moved = output<number>();
  readonly closed = output<void>();

  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  protected readonly current = computed(() => this.images()[this.index()] ?? null);

  constructor() {
    afterNextRender(() => this.dialog().nativeElement.showModal());
  }

  protected move(step: number): void {
    const next = this.index() + step;
    if (next >= 0 && next < this.images().length) this.moved.emit(next);
  }

  protected onKeydown(event: KeyboardEvent): void {
    if (event.key === 'ArrowLeft') {
      event.preventDefault();
      this.move(-1);
    } else if (event.key === 'ArrowRight') {
      event.preventDefault();
      this.move(1);
    }
  }
}
