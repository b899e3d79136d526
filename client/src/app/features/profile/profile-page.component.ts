import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { errorMessages } from '../../core/api/api-errors';
import { AuthStore } from '../../core/auth/auth.store';
import { AvatarComponent } from '../../shared/avatar.component';
import { deviceName, ProfileStore } from './profile.store';

/** What one form last said: a success or the server's sentences. */
interface Outcome {
  isError: boolean;
  text: string;
}

/** Your account: display name and email, avatar, password, and where you are signed in. */
@Component({
  selector: 'app-profile-page',
  imports: [AvatarComponent, DatePipe, ReactiveFormsModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './profile-page.component.html',
  styleUrl: './profile-page.component.scss',
})
export class ProfilePageComponent implements OnInit {
  protected readonly auth = inject(AuthStore);
  protected readonly store = inject(ProfileStore);

  protected readonly displayName = new FormControl(this.auth.user()?.displayName ?? '', {
    nonNullable: true,
  });
  protected readonly email = new FormControl(this.auth.user()?.email ?? '', { nonNullable: true });
  protected readonly currentPassword = new FormControl('', { nonNullable: true });
  protected readonly newPassword = new FormControl('', { nonNullable: true });

  protected readonly profileOutcome = signal<Outcome | null>(null);
  protected readonly avatarOutcome = signal<Outcome | null>(null);
  protected readonly passwordOutcome = signal<Outcome | null>(null);
  protected readonly sessionsOutcome = signal<Outcome | null>(null);
  /** The chosen image, shown cropped as it will be stored, before it is uploaded. */
  protected readonly preview = signal<{ file: File; dataUrl: string } | null>(null);
  protected readonly isBusy = signal(false);
  protected readonly deviceName = deviceName;

  ngOnInit(): void {
    void this.run(this.sessionsOutcome, () => this.store.loadSessions(), '');
  }

  protected saveProfile(): void {
    const user = this.auth.user();
    const changes: { displayName?: string; email?: string } = {};
    if (this.displayName.value !== user?.displayName) changes.displayName = this.displayName.value;
    if (this.email.value !== user?.email) changes.email = this.email.value;
    void this.run(this.profileOutcome, () => this.store.updateProfile(changes), 'Profile saved.');
  }

  protected choose(event: Event): void {
    const file = (event.target as HTMLInputElement).files?.[0];
    this.avatarOutcome.set(null);
    if (!file) return this.preview.set(null);
    // A data: URL, not a blob: one: the CSP allows images from 'self' and data: only.
    const reader = new FileReader();
    reader.onload = () => this.preview.set({ file, dataUrl: reader.result as string });
    reader.readAsDataURL(file);
  }

  protected uploadAvatar(): void {
    const chosen = this.preview();
    if (!chosen) return;
    void this.run(
      this.avatarOutcome,
      async () => {
        await this.store.uploadAvatar(chosen.file);
        this.preview.set(null);
      },
      'Avatar saved.',
    );
  }

  protected removeAvatar(): void {
    void this.run(this.avatarOutcome, () => this.store.removeAvatar(), 'Avatar removed.');
  }

  protected changePassword(): void {
    void this.run(
      this.passwordOutcome,
      async () => {
        await this.store.changePassword(this.currentPassword.value, this.newPassword.value);
        this.currentPassword.reset();
        this.newPassword.reset();
      },
      'Password changed. Your other devices are signed out.',
    );
  }

  protected signOut(sessionId: string): void {
    void this.run(this.sessionsOutcome, () => this.store.signOut(sessionId), 'Signed out.');
  }

  protected signOutEverywhereElse(): void {
    void this.run(
      this.sessionsOutcome,
      () => this.store.signOutEverywhereElse(),
      'Signed out everywhere else.',
    );
  }

  private async run(
    outcome: ReturnType<typeof signal<Outcome | null>>,
    work: () => Promise<void>,
    success: string,
  ): Promise<void> {
    this.isBusy.set(true);
    outcome.set(null);
    try {
      await work();
      if (success) outcome.set({ isError: false, text: success });
    } catch (error) {
      outcome.set({ isError: true, text: errorMessages(error).join(' ') });
    } finally {
      this.isBusy.set(false);
    }
  }
}
