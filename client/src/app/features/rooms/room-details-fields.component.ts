import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';

/** A room's name and description as a form edits them (the server's limits: 64 and 500). */
export type RoomDetailsForm = FormGroup<{
  name: FormControl<string>;
  description: FormControl<string>;
}>;

export function roomDetailsControls(): RoomDetailsForm['controls'] {
  return {
    name: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(64), Validators.pattern(/\S/)],
    }),
    description: new FormControl('', {
      nonNullable: true,
      validators: [Validators.maxLength(500)],
    }),
  };
}

/** The name and description fields shared by "New room" and "Room settings". */
@Component({
  selector: 'app-room-details-fields',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ng-container [formGroup]="form()">
      <div class="field">
        <label [for]="idPrefix() + '-name'">Name</label>
        <input [id]="idPrefix() + '-name'" formControlName="name" maxlength="64" required />
        @if (form().controls['name'].touched && form().controls['name'].invalid) {
          <span class="field-error">A name of 1 to 64 characters is needed.</span>
        }
      </div>
      <div class="field">
        <label [for]="idPrefix() + '-description'">
          Description
          @if (descriptionIsOptional()) {
            <span class="hint">(optional)</span>
          }
        </label>
        <textarea
          [id]="idPrefix() + '-description'"
          formControlName="description"
          rows="3"
          maxlength="500"
        ></textarea>
      </div>
    </ng-container>
  `,
  styleUrl: '../../shared/dialog.scss',
  styles: `
    :host {
      display: contents;
    }
  `,
})
export class RoomDetailsFieldsComponent {
  /** A form holding at least roomDetailsControls() (the dialog may add its own). */
  readonly form = input.required<FormGroup>();
  /** Keeps the ids (and so the labels) of two dialogs on one page apart. */
  readonly idPrefix = input.required<string>();
  readonly descriptionIsOptional = input(false);
}
