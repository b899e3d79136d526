// Starting and watching the two servers under test: ours (production build, fresh temp
// SQLite) and the bare Socket.IO baseline, each pinned to core 0 when taskset exists.
const { spawn, spawnSync } = require('node:child_process');
const { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { Client } = require('pg');

const ROOT = join(__dirname, '..');
const HAS_TASKSET = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const SERVER_CORE = '0';

/**
 * Limits raised so that the load generator, not the per-user rate limits, sets the pace.
 * PRESENCE_COALESCE_MS stays at its default: it merges presence events but slows no client.
 */
const RAISED_LIMITS = {
  MESSAGE_RATE_BURST: '100000000',
  MESSAGE_RATE_PER_MINUTE: '100000000',
  TYPING_RATE_BURST: '100000000',
  SOCKET_MAX_ROOMS: '1000',
  SOCKETS_PER_USER_MAX: '100000',
  HISTORY_RATE_PER_10S: '1000000000',
  SEARCH_RATE_PER_10S: '100000000',
  READ_RATE_PER_10S: '100000000',
  REGISTER_RATE_PER_HOUR: '100000000',
  ROOM_CREATE_RATE_PER_HOUR: '100000000',
  ROOM_JOIN_RATE_PER_MINUTE: '100000000',
  FILES_UPLOAD_RATE_PER_MINUTE: '100000000',
  FILES_QUOTA_BYTES: '1000000000000',
  PROFILE_CHANGE_RATE_PER_HOUR: '100000000',
};

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function pinned(args) {
  return HAS_TASKSET ? ['taskset', ['-c', SERVER_CORE, ...args]] : [args[0], args.slice(1)];
}

/** With `--profile`, each measurement window of either server is CPU-profiled (bench/profiler.js). */
const PROFILE_DIR = process.argv.includes('--profile')
  ? join(__dirname, 'results', 'profiles', new Date().toISOString().replace(/[:.]/g, '-'))
  : null;

/** Node options that preload the profiler into a server under test (both ours and the baseline). */
function profiler() {
  if (!PROFILE_DIR) return [];
  mkdirSync(PROFILE_DIR, { recursive: true });
  return ['-r', join(__dirname, 'profiler.js')];
}

function profilerEnv() {
  return PROFILE_DIR ? { BENCH_PROFILE_DIR: PROFILE_DIR } : {};
}

/** Where the PostgreSQL scenario runs: a fresh schema in this database, dropped afterwards. */
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function withPostgres(work) {
  const client = new Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh schema, or null (with the reason printed) when PostgreSQL cannot be reached. */
async function postgresSchema() {
  const schema = `bench_${Date.now().toString(36)}`;
  try {
    await withPostgres((client) => client.query(`CREATE SCHEMA ${schema}`));
    return schema;
  } catch (error) {
    console.log(`  PostgreSQL at ${POSTGRES_URL} unavailable (${error.message}): skipped`);
    return null;
  }
}

/**
 * Our server on a fresh temp SQLite file, or with `{ postgresSchema }` on PostgreSQL (which
 * runs unpinned: it is a server of its own, as in a deployment).
 */
async function startOurs({ postgresSchema: schema } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'chat-bench-'));
  const port = await freePort();
  const databasePath = join(dir, 'chat.sqlite');
  const database = schema
    ? { DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema }
    : { DATABASE_PATH: databasePath };
  // Uploads go to the run's temp folder on either engine (on PostgreSQL the default folder
  // would be the checkout's data/).
  const files = { FILES_DIR: join(dir, 'files') };
  const [command, args] = pinned([process.execPath, ...profiler(), join(ROOT, 'dist', 'main.js')]);
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...database,
      ...files,
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
      ...RAISED_LIMITS,
      ...profilerEnv(),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(`${url}/api/health`, child);
  return target('ours', child, url, performance.now() - started, {
    databasePath,
    dir,
    schema,
    profiled: PROFILE_DIR !== null,
  });
}

async function startBaseline() {
  const port = await freePort();
  const [command, args] = pinned([
    process.execPath,
    ...profiler(),
    join(__dirname, 'baseline-server.js'),
  ]);
  const started = performance.now();
  const child = spawn(command, args, {
    env: { PATH: process.env.PATH, PORT: String(port), ...profilerEnv() },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(`${url}/health`, child);
  return target('baseline', child, url, performance.now() - started, {
    profiled: PROFILE_DIR !== null,
  });
}

function target(name, child, url, startMs, extra) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    name,
    url,
    startMs,
    ...extra,
    pid: () => serverPid(child),
    async stop() {
      child.kill('SIGKILL');
      await exited;
      if (extra.dir) rmSync(extra.dir, { recursive: true, force: true });
      if (extra.schema) {
        await withPostgres((client) => client.query(`DROP SCHEMA ${extra.schema} CASCADE`));
      }
    },
  };
}

/** Under taskset the server is taskset's child (taskset execs, so the pid is the same). */
function serverPid(child) {
  return child.pid;
}

async function waitUntilUp(healthUrl, child) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(healthUrl)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${healthUrl} did not come up`);
}

/** CPU seconds used so far by a process (user + system), from /proc. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssBytes(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : NaN;
}

/** Stops the server's profiler and waits (up to 10 s) for the profile file it writes. */
function stopProfile(pid) {
  const before = new Set(readdirSync(PROFILE_DIR));
  process.kill(pid, 'SIGUSR2');
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; waited < 10_000; waited += 50) {
    const written = readdirSync(PROFILE_DIR).find(
      (name) => !before.has(name) && name.endsWith('.cpuprofile'),
    );
    if (written) return `${join(PROFILE_DIR, written)} (node bench/profile-summary.js <file>)`;
    Atomics.wait(pause, 0, 0, 50);
  }
  return 'not written';
}

/**
 * Samples a process's CPU and peak RSS over a measurement window; a profiled server records a
 * CPU profile of the window (SIGUSR2 starts and stops it).
 */
function watch(pid, profiled = false) {
  if (profiled) process.kill(pid, 'SIGUSR2');
  const cpuAtStart = cpuSeconds(pid);
  const startedAt = performance.now();
  let peakRss = rssBytes(pid);
  const timer = setInterval(() => (peakRss = Math.max(peakRss, rssBytes(pid))), 100);
  return () => {
    clearInterval(timer);
    if (profiled) console.log(`  profile: ${stopProfile(pid)}`);
    const seconds = (performance.now() - startedAt) / 1000;
    return { cpuPercent: ((cpuSeconds(pid) - cpuAtStart) / seconds) * 100, peakRss };
  };
}

/**
 * The row that keeps a target in the table when its scenario could not run on PostgreSQL:
 * a missing database must not read as a target met.
 */
function notRunRow(scenario, target) {
  return {
    scenario,
    metric: `not run: PostgreSQL at ${POSTGRES_URL} unavailable`,
    ours: null,
    baseline: null,
    ratio: null,
    target,
    holds: 'not run',
  };
}

module.exports = {
  HAS_TASKSET,
  notRunRow,
  POSTGRES_URL,
  RAISED_LIMITS,
  postgresSchema,
  startOurs,
  startBaseline,
  watch,
  rssBytes,
};
