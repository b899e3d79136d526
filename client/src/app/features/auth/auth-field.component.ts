import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';

let nextId = 0;

/**
 * One required field of the login and register forms: a label, its input, an optional hint,
 * and the server's sentences about this field, tied to the input with `aria-describedby` and
 * `aria-invalid` so a screen reader reads them with it.
 */
@Component({
  selector: 'app-auth-field',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'field' },
  template: `
    <label [for]="id">{{ label() }}</label>
    <input
      [id]="id"
      [type]="type()"
      [formControl]="control()"
      [attr.autocomplete]="autocomplete()"
      [attr.aria-describedby]="describedBy()"
      [attr.aria-invalid]="hasErrors() || null"
      required
    />
    @if (hint()) {
      <small [id]="id + '-hint'" class="hint">{{ hint() }}</small>
    }
    @if (hasErrors()) {
      <span [id]="id + '-error'" class="field-error">{{ errors().join(' ') }}</span>
    }
  `,
})
export class AuthFieldComponent {
  readonly label = input.required<string>();
  readonly control = input.required<FormControl<string>>();
  readonly type = input<'text' | 'email' | 'password'>('text');
  readonly autocomplete = input.required<string>();
  readonly hint = input('');
  /** The server's sentences about this field; none (or undefined) shows nothing. */
  readonly errors = input<readonly string[], readonly string[] | undefined>([], {
    transform: (errors) => errors ?? [],
  });

  protected readonly id = `auth-field-${++nextId}`;
  protected readonly hasErrors = computed(() => this.errors().length > 0);
  protected readonly describedBy = computed(
    () =>
      [this.hint() && `${this.id}-hint`, this.hasErrors() && `${this.id}-error`]
        .filter(Boolean)
        .join(' ') || null,
  );
}
