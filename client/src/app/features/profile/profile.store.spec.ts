import { TestBed } from '@angular/core/testing';
import { AuthStore } from '../../core/auth/auth.store';
import { ALICE, setUpChatTestBed } from '../../testing/chat-test-bed';
import { deviceName, ProfileStore } from './profile.store';

describe('ProfileStore', () => {
  it('saves the profile and shows the server’s answer as your account', async () => {
    const { backend } = setUpChatTestBed();
    const store = TestBed.inject(ProfileStore);
    const saved = store.updateProfile({ displayName: 'Alice L.' });
    const request = backend.expectOne('/api/auth/me');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ displayName: 'Alice L.' });
    request.flush({ ...ALICE, displayName: 'Alice L.' });
    await saved;
    expect(TestBed.inject(AuthStore).user()?.displayName).toBe('Alice L.');
  });

  it('lists sessions and signs one out, or every other one', async () => {
    const { backend } = setUpChatTestBed();
    const store = TestBed.inject(ProfileStore);
    const session = (id: string, current = false) => ({
      id,
      createdAt: '2026-01-01T00:00:00.000Z',
      lastUsedAt: '2026-01-02T00:00:00.000Z',
      userAgent: null,
      current,
    });
    const loaded = store.loadSessions();
    backend
      .expectOne('/api/auth/sessions')
      .flush({ sessions: [session('a', true), session('b'), session('c')] });
    await loaded;

    const one = store.signOut('b');
    const single = backend.expectOne('/api/auth/sessions/b');
    expect(single.request.method).toBe('DELETE');
    single.flush(null);
    await one;
    expect(store.sessions().map((s) => s.id)).toEqual(['a', 'c']);

    const rest = store.signOutEverywhereElse();
    backend.expectOne((r) => r.method === 'DELETE' && r.url === '/api/auth/sessions').flush(null);
    await rest;
    expect(store.sessions().map((s) => s.id)).toEqual(['a']);
  });

  it('names devices by browser and system', () => {
    expect(
      deviceName(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
      ),
    ).toBe('Chrome on Linux');
    expect(deviceName('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1')).toBe(
      'Safari on iOS',
    );
    expect(deviceName(null)).toBe('Unknown device');
    expect(deviceName('curl/8.0')).toBe('curl/8.0');
  });
});
