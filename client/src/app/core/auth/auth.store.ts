import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import type { OwnUser, TokenPair } from '../api/api-types';

interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms at which the access token expires. */
  expiresAt: number;
  user: OwnUser;
}

const STORAGE_KEY = 'chat.session';
/** Refresh this long before the access token expires, so requests rarely meet a 401. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * The signed-in session: tokens, the user, and the one refresh in flight. Components read
 * the signals; only these methods change them.
 */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly session = signal<Session | null>(readStoredSession());
  private refreshing: Promise<boolean> | null = null;
  private refreshTimer?: ReturnType<typeof setTimeout>;

  readonly user = computed(() => this.session()?.user ?? null);
  readonly isSignedIn = computed(() => this.session() !== null);

  constructor() {
    const session = this.session();
    if (session) this.scheduleRefresh(session);
  }

  accessToken(): string | null {
    return this.session()?.accessToken ?? null;
  }

  async register(username: string, email: string, password: string): Promise<void> {
    await firstValueFrom(this.http.post('/api/auth/register', { username, email, password }));
    await this.login(username, password);
  }

  async login(username: string, password: string): Promise<void> {
    const pair = await firstValueFrom(
      this.http.post<TokenPair>('/api/auth/login', { username, password }),
    );
    this.start(pair);
  }

  /**
   * Exchanges the refresh token for a new pair. Callers that fail together share one
   * refresh: a second exchange of the same token would look like theft and end the session.
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.exchangeRefreshToken().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  async logout(): Promise<void> {
    if (this.session()) {
      // Ends the session on the server (its sockets too); the local end happens regardless.
      await firstValueFrom(this.http.post('/api/auth/logout', null)).catch(() => undefined);
    }
    await this.end();
  }

  /** Your account as the server now has it (after a profile change). */
  updateUser(user: OwnUser): void {
    const session = this.session();
    if (!session) return;
    const updated = { ...session, user };
    this.session.set(updated);
    localStorage.setItem(STORAGE_KEY, JSON.stringify(updated));
  }

  /** Forgets the session locally (it was revoked or has expired) and shows the login page. */
  async end(): Promise<void> {
    clearTimeout(this.refreshTimer);
    this.session.set(null);
    localStorage.removeItem(STORAGE_KEY);
    await this.router.navigateByUrl('/login');
  }

  private async exchangeRefreshToken(): Promise<boolean> {
    const refreshToken = this.session()?.refreshToken;
    if (!refreshToken) return false;
    try {
      const pair = await firstValueFrom(
        this.http.post<TokenPair>('/api/auth/refresh', { refreshToken }),
      );
      this.start(pair);
      return true;
    } catch {
      await this.end();
      return false;
    }
  }

  private start(pair: TokenPair): void {
    const session: Session = {
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      expiresAt: Date.now() + pair.expiresIn * 1000,
      user: pair.user,
    };
    this.session.set(session);
    localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    this.scheduleRefresh(session);
  }

  private scheduleRefresh(session: Session): void {
    clearTimeout(this.refreshTimer);
    const delay = Math.max(1000, session.expiresAt - Date.now() - REFRESH_MARGIN_MS);
    this.refreshTimer = setTimeout(() => void this.refresh(), delay);
  }
}

function readStoredSession(): Session | null {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored ? (JSON.parse(stored) as Session) : null;
  } catch {
    return null;
  }
}
