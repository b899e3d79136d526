import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { errorMessages } from '../../core/api/api-errors';
import { RoomDetailsFieldsComponent, roomDetailsControls } from './room-details-fields.component';
import { RoomsStore } from './rooms.store';

@Component({
  selector: 'app-create-room-dialog',
  imports: [ReactiveFormsModule, RoomDetailsFieldsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dialog #dialog aria-labelledby="create-room-title" (close)="reset()">
      <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
        <h2 id="create-room-title">New room</h2>
        <app-room-details-fields [form]="form" idPrefix="room" [descriptionIsOptional]="true" />
        <fieldset>
          <legend>Who can find it</legend>
          <label class="choice">
            <input type="radio" formControlName="kind" value="public" />
            <span>Public</span>
            <span class="hint">Anyone can find and join it.</span>
          </label>
          <label class="choice">
            <input type="radio" formControlName="kind" value="private" />
            <span>Private</span>
            <span class="hint">Only people added by its owners and admins can see it.</span>
          </label>
        </fieldset>
        @if (error()) {
          <p class="form-error" role="alert">{{ error() }}</p>
        }
        <div class="actions">
          <button type="button" class="button secondary" (click)="dialog.close()">Cancel</button>
          <button type="submit" class="button" [disabled]="isSubmitting() || form.invalid">
            {{ isSubmitting() ? 'Creating…' : 'Create room' }}
          </button>
        </div>
      </form>
    </dialog>
  `,
  styleUrl: '../../shared/dialog.scss',
  styles: `
    fieldset {
      border: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.4rem;
    }
    legend {
      font-weight: 600;
      font-size: 0.9rem;
      padding: 0;
      margin-bottom: 0.3rem;
    }
    .choice {
      display: grid;
      grid-template-columns: auto 1fr;
      column-gap: 0.5rem;
      align-items: baseline;
      font-weight: normal;
    }
    .choice input {
      width: auto;
    }
    .choice .hint {
      grid-column: 2;
    }
  `,
})
export class CreateRoomDialogComponent {
  private readonly rooms = inject(RoomsStore);
  private readonly router = inject(Router);
  private readonly dialogRef = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');

  protected readonly form = new FormGroup({
    ...roomDetailsControls(),
    kind: new FormControl<'public' | 'private'>('public', { nonNullable: true }),
  });
  protected readonly isSubmitting = signal(false);
  protected readonly error = signal('');

  open(): void {
    this.dialogRef().nativeElement.showModal();
  }

  protected reset(): void {
    this.form.reset();
    this.error.set('');
  }

  protected async submit(): Promise<void> {
    if (this.form.invalid || this.isSubmitting()) return;
    this.isSubmitting.set(true);
    this.error.set('');
    const { name, description, kind } = this.form.getRawValue();
    try {
      const room = await this.rooms.create({
        name: name.trim(),
        description: description.trim(),
        kind,
      });
      this.dialogRef().nativeElement.close();
      await this.router.navigate(['/rooms', room.id]);
    } catch (error) {
      this.error.set(errorMessages(error).join(' '));
    } finally {
      this.isSubmitting.set(false);
    }
  }
}
