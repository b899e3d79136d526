import { UrlSigner } from '../common/signed-urls/url-signer';
import { loadConfig } from '../config/app-config';
import { avatarResource, avatarUrlOf, avatarVersion, renewAvatarUrl } from './user-card';

describe('avatar URLs', () => {
  const signer = new UrlSigner(loadConfig({ NODE_ENV: 'test', DATABASE_PATH: ':memory:' }));
  const user = { id: '5f0c4d2e-3b5a-4c1e-9d7f-2a6b8c9d0e1f', avatarKey: 'k'.repeat(32) };
  const hour = 3600 * 1000;
  const t0 = Date.UTC(2026, 11, 7, 9, 3, 20);
  const isValidAt = (url: string, now: number) => {
    const query = new URL(url, 'http://x').searchParams;
    const resource = avatarResource(user.id, avatarVersion(user.avatarKey));
    return signer.verify(resource, query.get('expires')!, query.get('sig')!, now) !== null;
  };

  it('are valid for at least an hour, and the same for ten minutes so browsers cache them', () => {
    const url = avatarUrlOf(user, signer, t0)!;
    expect(isValidAt(url, t0 + hour)).toBe(true);
    expect(isValidAt(url, t0 + hour + 10 * 60 * 1000)).toBe(false);
    expect(avatarUrlOf(user, signer, t0 + 60 * 1000)).toBe(url);
    expect(url).not.toContain(user.avatarKey);
  });

  it('are null without an avatar', () => {
    expect(avatarUrlOf({ ...user, avatarKey: null }, signer, t0)).toBeNull();
  });

  it('signed again later, are valid then: a kept user object sent days after it was made', () => {
    const old = avatarUrlOf(user, signer, t0)!;
    const later = t0 + 48 * hour;
    expect(isValidAt(old, later)).toBe(false);
    const renewed = renewAvatarUrl(old, signer, later)!;
    expect(isValidAt(renewed, later)).toBe(true);
    expect(renewed).toBe(avatarUrlOf(user, signer, later));
    expect(renewAvatarUrl(null, signer, later)).toBeNull();
  });
});
