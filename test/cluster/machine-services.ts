import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

/*
 * The machine's PostgreSQL and Redis, stopped and started as an operator (or a crash) would.
 * Every suite that stops one calls `ensure…Running()` in its afterAll, whatever happened, so
 * the suites after it find the machine as it was.
 */

export function postgres(action: 'stop' | 'start'): void {
  const version = readdirSync('/etc/postgresql')[0];
  execFileSync(
    'pg_ctlcluster',
    [
      '--skip-systemctl-redirect',
      version,
      'main',
      action,
      ...(action === 'stop' ? ['-m', 'fast'] : []),
    ],
    { stdio: 'ignore' },
  );
}

export function ensurePostgresRunning(): void {
  if (spawnSync('pg_isready', ['-q', '-h', '127.0.0.1']).status !== 0) postgres('start');
}

/** Redis keeps nothing on disk here, so a restart also empties it: the harder case. */
export function redis(action: 'stop' | 'start'): void {
  if (action === 'stop') {
    execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', '6379', 'shutdown', 'nosave'], {
      stdio: 'ignore',
    });
    return;
  }
  // The same settings .ci/run starts it with.
  execFileSync(
    'redis-server',
    [
      '--daemonize',
      'yes',
      '--bind',
      '127.0.0.1',
      '-::1',
      '--port',
      '6379',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      '/tmp',
      '--logfile',
      '/tmp/redis-ci.log',
    ],
    { stdio: 'ignore' },
  );
  waitFor(() => isRedisUp(), 'Redis did not start');
}

export function ensureRedisRunning(): void {
  if (!isRedisUp()) redis('start');
}

function isRedisUp(): boolean {
  return (
    spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', '6379', 'ping']).stdout?.toString().trim() ===
    'PONG'
  );
}

function waitFor(check: () => boolean, failure: string): void {
  for (let i = 0; i < 50; i++) {
    if (check()) return;
    spawnSync('sleep', ['0.1']);
  }
  throw new Error(failure);
}
