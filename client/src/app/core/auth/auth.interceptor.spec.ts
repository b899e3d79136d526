import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import type { TokenPair } from '../api/api-types';
import { authInterceptor } from './auth.interceptor';
import { AuthStore } from './auth.store';

const pair = (n: number): TokenPair => ({
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  expiresIn: 900,
  user: {
    id: 'u1',
    username: 'alice',
    email: 'alice@example.com',
    createdAt: '2026-01-01T00:00:00.000Z',
    displayName: 'alice',
    avatarUrl: null,
  },
});

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let auth: AuthStore;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([{ path: 'login', children: [] }]),
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthStore);
    const login = auth.login('alice', 'password');
    backend.expectOne('/api/auth/login').flush(pair(1));
    await login;
  });
  afterEach(() => backend.verify());

  it('adds the bearer token', async () => {
    const reply = firstValueFrom(http.get('/api/rooms'));
    const request = backend.expectOne('/api/rooms');
    expect(request.request.headers.get('Authorization')).toBe('Bearer access-1');
    request.flush([]);
    await reply;
  });

  it('on 401, refreshes once for all requests that failed together, then retries them', async () => {
    const first = firstValueFrom(http.get('/api/rooms'));
    const second = firstValueFrom(http.get('/api/auth/me'));
    backend.expectOne('/api/rooms').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/auth/me').flush(null, { status: 401, statusText: 'Unauthorized' });

    const refresh = backend.expectOne('/api/auth/refresh');
    expect(refresh.request.body).toEqual({ refreshToken: 'refresh-1' });
    refresh.flush(pair(2));
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve));

    const retried = [backend.expectOne('/api/rooms'), backend.expectOne('/api/auth/me')];
    for (const request of retried) {
      expect(request.request.headers.get('Authorization')).toBe('Bearer access-2');
      request.flush({ ok: true });
    }
    await expect(Promise.all([first, second])).resolves.toEqual([{ ok: true }, { ok: true }]);
  });

  it('a failed refresh ends the session and goes to the login page', async () => {
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl');
    const reply = firstValueFrom(http.get('/api/rooms'));
    backend.expectOne('/api/rooms').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/auth/refresh').flush(null, { status: 401, statusText: 'Unauthorized' });

    await expect(reply).rejects.toMatchObject({ status: 401 });
    expect(auth.isSignedIn()).toBe(false);
    expect(localStorage.getItem('chat.session')).toBeNull();
    expect(navigate).toHaveBeenCalledWith('/login');
  });

  it('does not try to refresh on a failed login', async () => {
    await auth.end();
    const login = auth.login('alice', 'wrong');
    const request = backend.expectOne('/api/auth/login');
    expect(request.request.headers.has('Authorization')).toBe(false);
    request.flush(
      { message: 'Invalid username or password' },
      { status: 401, statusText: 'Unauthorized' },
    );
    await expect(login).rejects.toMatchObject({ status: 401 });
    backend.expectNone('/api/auth/refresh');
  });
});
