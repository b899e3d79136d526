import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { errorMessages } from '../../core/api/api-errors';
import { AuthStore } from '../../core/auth/auth.store';
import { AuthFieldComponent } from './auth-field.component';

@Component({
  selector: 'app-login-page',
  imports: [ReactiveFormsModule, RouterLink, AuthFieldComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './auth-form.scss',
  template: `
    <form class="card" [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <h1>Log in</h1>
      <app-auth-field
        label="Username or email"
        [control]="form.controls.username"
        autocomplete="username"
      />
      <app-auth-field
        label="Password"
        type="password"
        [control]="form.controls.password"
        autocomplete="current-password"
      />
      @if (error()) {
        <p class="form-error" role="alert">{{ error() }}</p>
      }
      <button class="button" type="submit" [disabled]="isSubmitting() || form.invalid">
        {{ isSubmitting() ? 'Logging in…' : 'Log in' }}
      </button>
      <p class="alt">New here? <a routerLink="/register">Create an account</a></p>
    </form>
  `,
})
export class LoginPageComponent {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);

  protected readonly form = new FormGroup({
    username: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    password: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });
  protected readonly isSubmitting = signal(false);
  protected readonly error = signal('');

  protected async submit(): Promise<void> {
    if (this.form.invalid || this.isSubmitting()) return;
    this.isSubmitting.set(true);
    this.error.set('');
    const { username, password } = this.form.getRawValue();
    try {
      await this.auth.login(username, password);
      await this.router.navigateByUrl('/rooms');
    } catch (error) {
      this.error.set(errorMessages(error).join(' '));
    } finally {
      this.isSubmitting.set(false);
    }
  }
}
