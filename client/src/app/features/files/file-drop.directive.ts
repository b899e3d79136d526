import { Directive, inject, signal } from '@angular/core';
import { AttachmentsStore } from './attachments.store';

/**
 * Files dragged from the desktop and dropped on the element are attached to the next message.
 * `isOver` is true while files are held over it, for a hint.
 */
@Directive({
  selector: '[appFileDrop]',
  exportAs: 'fileDrop',
  host: {
    '[class.drop-target]': 'isOver()',
    '(dragover)': 'onDragOver($event)',
    '(dragleave)': 'onDragLeave($event)',
    '(drop)': 'onDrop($event)',
  },
})
export class FileDropDirective {
  private readonly attachments = inject(AttachmentsStore);
  readonly isOver = signal(false);

  protected onDragOver(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault(); // allows the drop
    event.dataTransfer.dropEffect = 'copy';
    this.isOver.set(true);
  }

  protected onDragLeave(event: DragEvent): void {
    const to = event.relatedTarget as Node | null;
    if (!to || !(event.currentTarget as HTMLElement).contains(to)) this.isOver.set(false);
  }

  protected onDrop(event: DragEvent): void {
    this.isOver.set(false);
    const files = event.dataTransfer?.files;
    if (!files || files.length === 0) return;
    event.preventDefault();
    this.attachments.add([...files]);
    document.getElementById('composer-input')?.focus();
  }
}
