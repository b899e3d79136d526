import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { errorMessages, messagesByField } from '../../core/api/api-errors';
import { AuthStore } from '../../core/auth/auth.store';
import { AuthFieldComponent } from './auth-field.component';

const FIELDS = ['username', 'email', 'password'] as const;

@Component({
  selector: 'app-register-page',
  imports: [ReactiveFormsModule, RouterLink, AuthFieldComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './auth-form.scss',
  template: `
    <form class="card" [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <h1>Create an account</h1>
      <app-auth-field
        label="Username"
        [control]="form.controls.username"
        autocomplete="username"
        hint='3–32 letters, digits, "_", "." or "-"'
        [errors]="errors()['username']"
      />
      <app-auth-field
        label="Email"
        type="email"
        [control]="form.controls.email"
        autocomplete="email"
        [errors]="errors()['email']"
      />
      <app-auth-field
        label="Password"
        type="password"
        [control]="form.controls.password"
        autocomplete="new-password"
        hint="At least 8 characters"
        [errors]="errors()['password']"
      />
      @if (errors()['form']?.length) {
        <p class="form-error" role="alert">{{ errors()['form']?.join(' ') }}</p>
      }
      <button class="button" type="submit" [disabled]="isSubmitting() || form.invalid">
        {{ isSubmitting() ? 'Creating…' : 'Create account' }}
      </button>
      <p class="alt">Have an account? <a routerLink="/login">Log in</a></p>
    </form>
  `,
})
export class RegisterPageComponent {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);

  protected readonly form = new FormGroup({
    username: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    email: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    password: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });
  protected readonly isSubmitting = signal(false);
  /** The server's sentences, by the field they name ("form" for the rest). */
  protected readonly errors = signal<Record<string, string[] | undefined>>({});

  protected async submit(): Promise<void> {
    if (this.form.invalid || this.isSubmitting()) return;
    this.isSubmitting.set(true);
    this.errors.set({});
    const { username, email, password } = this.form.getRawValue();
    try {
      await this.auth.register(username, email, password);
      await this.router.navigateByUrl('/rooms');
    } catch (error) {
      this.errors.set(messagesByField(errorMessages(error), FIELDS));
    } finally {
      this.isSubmitting.set(false);
    }
  }
}
