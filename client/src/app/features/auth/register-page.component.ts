import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { errorMessages, messagesByField } from '../../core/api/api-errors';
import { AuthStore } from '../../core/auth/auth.store';

const FIELDS = ['username', 'email', 'password'] as const;

@Component({
  selector: 'app-register-page',
  imports: [ReactiveFormsModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './auth-form.scss',
  template: `
    <form class="card" [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <h1>Create an account</h1>
      <div class="field">
        <label for="register-username">Username</label>
        <input
          id="register-username"
          formControlName="username"
          autocomplete="username"
          aria-describedby="register-username-hint register-username-error"
          [attr.aria-invalid]="!!errors()['username']"
          required
        />
        <small id="register-username-hint" class="hint"
          >3–32 letters, digits, "_", "." or "-"</small
        >
        <span id="register-username-error" class="field-error">{{
          errors()['username']?.join(' ')
        }}</span>
      </div>
      <div class="field">
        <label for="register-email">Email</label>
        <input
          id="register-email"
          type="email"
          formControlName="email"
          autocomplete="email"
          aria-describedby="register-email-error"
          [attr.aria-invalid]="!!errors()['email']"
          required
        />
        <span id="register-email-error" class="field-error">{{
          errors()['email']?.join(' ')
        }}</span>
      </div>
      <div class="field">
        <label for="register-password">Password</label>
        <input
          id="register-password"
          type="password"
          formControlName="password"
          autocomplete="new-password"
          aria-describedby="register-password-hint register-password-error"
          [attr.aria-invalid]="!!errors()['password']"
          required
        />
        <small id="register-password-hint" class="hint">At least 8 characters</small>
        <span id="register-password-error" class="field-error">{{
          errors()['password']?.join(' ')
        }}</span>
      </div>
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
