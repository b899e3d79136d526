import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  const tempDir = () => mkdtempSync(join(tmpdir(), 'chat-config-'));

  it('runs with no settings at all: SQLite under ./data, port 3000, 15-minute tokens', () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    expect(config).toMatchObject({
      port: 3000,
      database: { type: 'sqlite', path: './data/chat.sqlite' },
      auth: { accessTokenTtlSeconds: 900, refreshTokenTtlSeconds: 30 * 24 * 3600 },
    });
    expect(config.auth.jwtSecret).toHaveLength(64);
    expect(Object.isFrozen(config.auth)).toBe(true);
  });

  it('listens on every interface unless HOST names one', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).host).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'test', HOST: ' 127.0.0.1 ' }).host).toBe('127.0.0.1');
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://u@db:5432/chat' });
    expect(config.database).toEqual({
      type: 'postgres',
      url: 'postgres://u@db:5432/chat',
      schema: undefined,
    });
  });

  it('lists every problem at once, each naming its variable', () => {
    let error: unknown;
    try {
      loadConfig({
        NODE_ENV: 'production',
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        ACCESS_TOKEN_TTL_SECONDS: '1',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'PORT must be a number, got "eighty"',
      'DATABASE_URL must be a postgres:// or postgresql:// URL',
      'ACCESS_TOKEN_TTL_SECONDS must be between 10 and ∞, got 1',
      'JWT_SECRET is required when NODE_ENV=production',
    ]);
  });

  it('refuses a short JWT_SECRET', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(
      'JWT_SECRET must be at least 32 characters long',
    );
  });

  it('in development keeps a generated secret beside the database, so restarts keep sessions', () => {
    const dir = tempDir();
    const env = { NODE_ENV: 'development', DATABASE_PATH: join(dir, 'db', 'chat.sqlite') };
    const first = loadConfig(env).auth.jwtSecret;

    expect(loadConfig(env).auth.jwtSecret).toBe(first);
    expect(readFileSync(join(dir, 'db', 'jwt-secret'), 'utf8')).toBe(first);
  });

  describe('TRUST_PROXY', () => {
    const trustProxy = (value?: string) =>
      loadConfig({ NODE_ENV: 'test', ...(value !== undefined && { TRUST_PROXY: value }) })
        .trustProxy;

    it('trusts no proxy by default, so X-Forwarded-For cannot be forged past the limits', () => {
      expect(trustProxy()).toBe(false);
      expect(trustProxy('false')).toBe(false);
    });

    it('takes true, a number of hops, or a list of addresses, subnets and names', () => {
      expect(trustProxy('true')).toBe(true);
      expect(trustProxy('1')).toBe(1);
      expect(trustProxy('loopback, 10.0.0.0/8,::1,fd00::/8')).toEqual([
        'loopback',
        '10.0.0.0/8',
        '::1',
        'fd00::/8',
      ]);
    });

    it('refuses anything else at boot, naming the variable', () => {
      expect(() => trustProxy('nginx')).toThrow('TRUST_PROXY must be');
      expect(() => trustProxy('10.0.0.0/33')).toThrow('got "10.0.0.0/33"');
      expect(() => trustProxy('-1')).toThrow('TRUST_PROXY must be');
    });
  });

  it('has defaults for the login and registration limits that fit people', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).rateLimits).toMatchObject({
      loginFailures: 5,
      loginFailuresPerAccount: 50,
      loginFailuresPerAddress: 20,
      registrationsPerHour: 1000,
    });
  });

  it('coalesces presence over 100 ms by default; 0 turns it off; past the contract’s 250 ms is refused', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).realtime.presenceCoalesceMs).toBe(100);
    expect(
      loadConfig({ NODE_ENV: 'test', PRESENCE_COALESCE_MS: '0' }).realtime.presenceCoalesceMs,
    ).toBe(0);
    expect(() => loadConfig({ NODE_ENV: 'test', PRESENCE_COALESCE_MS: '251' })).toThrow(
      /PRESENCE_COALESCE_MS/,
    );
  });
});
