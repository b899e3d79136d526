import { HttpClient } from '@angular/common/http';
import { inject, Injectable, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { OwnUser } from '../../core/api/api-types';
import { AuthStore } from '../../core/auth/auth.store';

/** One of your logins, as `GET /api/auth/sessions` lists it. */
export interface AccountSession {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  userAgent: string | null;
  current: boolean;
}

/** Your account: profile, avatar, password and sessions. Errors are thrown to the page. */
@Injectable({ providedIn: 'root' })
export class ProfileStore {
  private readonly http = inject(HttpClient);
  private readonly auth = inject(AuthStore);
  private readonly sessionList = signal<AccountSession[]>([]);
  readonly sessions = this.sessionList.asReadonly();

  async updateProfile(changes: { displayName?: string; email?: string }): Promise<void> {
    const user = await firstValueFrom(this.http.patch<OwnUser>('/api/auth/me', changes));
    this.auth.updateUser(user);
  }

  async uploadAvatar(file: File): Promise<void> {
    const form = new FormData();
    form.append('file', file);
    const user = await firstValueFrom(this.http.put<OwnUser>('/api/auth/me/avatar', form));
    this.auth.updateUser(user);
  }

  async removeAvatar(): Promise<void> {
    const user = await firstValueFrom(this.http.delete<OwnUser>('/api/auth/me/avatar'));
    this.auth.updateUser(user);
  }

  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await firstValueFrom(this.http.post('/api/auth/password', { currentPassword, newPassword }));
    await this.loadSessions();
  }

  async loadSessions(): Promise<void> {
    const { sessions } = await firstValueFrom(
      this.http.get<{ sessions: AccountSession[] }>('/api/auth/sessions'),
    );
    this.sessionList.set(sessions);
  }

  async signOut(sessionId: string): Promise<void> {
    await firstValueFrom(this.http.delete(`/api/auth/sessions/${sessionId}`));
    this.sessionList.update((list) => list.filter((s) => s.id !== sessionId));
  }

  async signOutEverywhereElse(): Promise<void> {
    await firstValueFrom(this.http.delete('/api/auth/sessions'));
    this.sessionList.update((list) => list.filter((s) => s.current));
  }
}

/** A short name for a User-Agent: browser and system, enough to tell devices apart. */
export function deviceName(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrome\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : undefined;
  const system = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : undefined;
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? userAgent.slice(0, 60);
}
