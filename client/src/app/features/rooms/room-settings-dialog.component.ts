import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { FormGroup, ReactiveFormsModule } from '@angular/forms';
import { errorMessages } from '../../core/api/api-errors';
import type { Room } from '../../core/api/api-types';
import { RoomDetailsFieldsComponent, roomDetailsControls } from './room-details-fields.component';
import { RoomsStore } from './rooms.store';

/** Rename a room and change its description (owners and admins). */
@Component({
  selector: 'app-room-settings-dialog',
  imports: [ReactiveFormsModule, RoomDetailsFieldsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dialog #dialog aria-labelledby="room-settings-title">
      <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
        <h2 id="room-settings-title">Room settings</h2>
        <app-room-details-fields [form]="form" idPrefix="settings" />
        @if (error()) {
          <p class="form-error" role="alert">{{ error() }}</p>
        }
        <div class="actions">
          <button type="button" class="button secondary" (click)="dialog.close()">Cancel</button>
          <button type="submit" class="button" [disabled]="isSaving() || form.invalid">
            {{ isSaving() ? 'Saving…' : 'Save' }}
          </button>
        </div>
      </form>
    </dialog>
  `,
  styleUrl: '../../shared/dialog.scss',
})
export class RoomSettingsDialogComponent {
  readonly room = input.required<Room>();
  private readonly rooms = inject(RoomsStore);
  private readonly dialogRef = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');

  protected readonly form = new FormGroup(roomDetailsControls());
  protected readonly isSaving = signal(false);
  protected readonly error = signal('');

  open(): void {
    const { name, description } = this.room();
    this.form.reset({ name, description });
    this.error.set('');
    this.dialogRef().nativeElement.showModal();
  }

  protected async submit(): Promise<void> {
    if (this.form.invalid || this.isSaving()) return;
    this.isSaving.set(true);
    this.error.set('');
    const room = this.room();
    const name = this.form.controls.name.value.trim();
    const description = this.form.controls.description.value.trim();
    const changes = {
      ...(name !== room.name ? { name } : {}),
      ...(description !== room.description ? { description } : {}),
    };
    try {
      if (Object.keys(changes).length > 0) await this.rooms.update(room.id, changes);
      this.dialogRef().nativeElement.close();
    } catch (error) {
      this.error.set(errorMessages(error).join(' '));
    } finally {
      this.isSaving.set(false);
    }
  }
}
