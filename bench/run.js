// npm run bench [-- --quick]
//   [-- --only=fanout,throughput,writes,postgres,idle,history,rooms,coldstart,search,changes,reads,uploads]
//   [-- --sizes=writeMs=2000,writeRooms=20] (any key of SIZES below: a short look at one scenario)
//   [-- --profile]
//
// Runs each scenario against our server (production build, fresh temp SQLite) and against a
// bare Socket.IO server on the same machine in the same run, and reports ours / baseline.
// Servers run on core 0, this load generator on core 1. Loopback only; every step is bounded
// in time and message count.
const { spawnSync } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { mkdirSync, writeFileSync } = require('node:fs');
const { cpus } = require('node:os');
const { join } = require('node:path');
const Database = require('better-sqlite3');
const clients = require('./clients');
const { changes: changesScenario } = require('./changes');
const { reads: readsScenario } = require('./reads');
const { search: searchScenario } = require('./search');
const { uploads: uploadsScenario } = require('./uploads');
const {
  HAS_TASKSET,
  RAISED_LIMITS,
  notRunRow,
  postgresSchema,
  startBaseline,
  startOurs,
  watch,
  rssBytes,
} = require('./targets');

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const ONLY = args
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');

if (HAS_TASKSET && !process.env.BENCH_PINNED) {
  const result = spawnSync('taskset', ['-c', '1', process.execPath, __filename, ...args], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_PINNED: '1' },
  });
  process.exit(result.status ?? 1);
}

const BASE_SIZES = QUICK
  ? {
      fanOut: [[20, 10]],
      fanOutMs: 1500,
      rates: [50, 100],
      stepMs: 1000,
      writeRooms: 10,
      writeMs: 1500,
      idle: 200,
      history: 20_000,
      probes: 30,
      warmUp: 100,
      coldStarts: 1,
      memberRooms: 20,
      unreadPerRoom: 50,
      searchMessages: 20_000,
      readerSockets: 3,
      uploadProbe: [20, 10],
      uploadConcurrency: 2,
      uploadMB: 5,
      uploadMs: 1500,
      uploadPaceMBps: 5,
    }
  : {
      fanOut: [
        [50, 20],
        [200, 50],
      ],
      fanOutMs: 10_000,
      rates: [100, 200, 400, 500, 600, 700, 800, 1000, 1200],
      stepMs: 4000,
      writeRooms: 100,
      writeMs: 8000,
      idle: 5000,
      history: 1_000_000,
      probes: 1000,
      warmUp: 5000,
      coldStarts: 3,
      memberRooms: 500,
      unreadPerRoom: 1000,
      searchMessages: 1_000_000,
      readerSockets: 10,
      uploadProbe: [200, 50],
      uploadConcurrency: 8,
      uploadMB: 5,
      uploadMs: 6000,
      uploadPaceMBps: 15,
    };

/** `--sizes=key=value,…` overrides numbers of SIZES (`uploadProbe=20x10` for a pair). */
const SIZES = { ...BASE_SIZES };
for (const pair of args
  .find((a) => a.startsWith('--sizes='))
  ?.slice(8)
  .split(',') ?? []) {
  const [key, value] = pair.split('=');
  if (!(key in BASE_SIZES) || Array.isArray(BASE_SIZES[key]?.[0])) {
    throw new Error(`--sizes: ${key} cannot be set`);
  }
  SIZES[key] = Array.isArray(BASE_SIZES[key]) ? value.split('x').map(Number) : Number(value);
  if ([SIZES[key]].flat().some((n) => !Number.isFinite(n))) {
    throw new Error(`--sizes: ${pair} is not a number`);
  }
}
const RESIZED = args.some((a) => a.startsWith('--sizes='));

/** Issue #19: a max-throughput step passes at ≤ 1 % loss and this p99, so that it measures the server. */
const MAX_THROUGHPUT_P99_MS = 100;

const rows = [];
const raw = {};

async function main() {
  const scenarios = {
    fanout,
    throughput,
    writes,
    postgres,
    idle,
    history,
    rooms,
    coldstart,
    search,
    changes,
    reads,
    uploads,
  };
  for (const [name, run] of Object.entries(scenarios)) {
    if (ONLY && !ONLY.includes(name)) continue;
    console.log(`\n▶ ${name}`);
    const startedAt = clients.now();
    try {
      raw[name] = await run();
      console.log(`  (${name}: ${Math.round((clients.now() - startedAt) / 1000)} s)`);
    } catch (error) {
      // One broken scenario should not cost the others' figures.
      console.error(error);
      raw[name] = { error: String(error) };
      rows.push({
        scenario: name,
        metric: 'failed to run',
        ours: String(error),
        baseline: null,
        ratio: null,
        target: 'every target of this scenario',
        holds: false,
      });
    }
  }
  report();
}

/** Our server needs accounts and a real room; the baseline takes any room name. */
async function prepare(target, { users, rooms }) {
  if (target.name === 'baseline') {
    return { tokens: [undefined], roomIds: Array.from({ length: rooms }, (_, i) => `room-${i}`) };
  }
  const tokens = await clients.ourTokens(target.url, users, 'b');
  const roomIds = [];
  for (let i = 0; i < rooms; i++)
    roomIds.push(
      (await clients.createRoom(target.url, tokens[0], `bench ${i} ${randomUUID()}`)).id,
    );
  return { tokens, roomIds };
}

async function onBoth(work, startOursOn = startOurs) {
  const results = {};
  for (const start of [startBaseline, startOursOn]) {
    const target = await start();
    try {
      results[target.name] = await work(target);
    } finally {
      await target.stop();
    }
  }
  return results;
}

async function fanout() {
  const results = [];
  for (const [members, rate] of SIZES.fanOut) {
    const result = await onBoth(async (target) => {
      const { tokens, roomIds } = await prepare(target, { users: Math.min(members, 20), rooms: 1 });
      const sockets = await clients.connect(target.url, members, tokens);
      await clients.joinAll(sockets, () => roomIds[0]);
      const stop = watch(target.pid(), target.profiled);
      const run = await clients.fanOut({
        sockets,
        roomId: roomIds[0],
        senders: Math.min(10, members),
        ratePerSecond: rate,
        durationMs: SIZES.fanOutMs,
      });
      const usage = stop();
      clients.closeAll(sockets);
      return { ...run, ...usage };
    });
    const label = `fan-out ${members} clients × ${rate} msg/s`;
    addRow(
      label,
      'p99 latency (ms)',
      result,
      (r) => r.latency.p99,
      members === 200 ? { max: 2, note: 'and 0 loss' } : undefined,
      result.ours.loss === 0,
    );
    addRow(label, 'p50 latency (ms)', result, (r) => r.latency.p50);
    addRow(label, 'deliveries/s', result, (r) => r.deliveriesPerSecond);
    addRow(label, 'loss (%)', result, (r) => r.loss * 100, undefined, undefined, 'absolute');
    addRow(label, 'duplicates', result, (r) => r.duplicates, undefined, undefined, 'absolute');
    addRow(label, 'server CPU (%)', result, (r) => r.cpuPercent);
    // Issue #19: server RSS with 200 clients ≤ 1.5 × bare.
    addRow(
      label,
      'server peak RSS (MB)',
      result,
      (r) => r.peakRss / 2 ** 20,
      members === 200 ? { max: 1.5 } : undefined,
    );
    results.push({ members, rate, ...result });
  }
  return results;
}

async function throughput() {
  const members = QUICK ? 50 : 200;
  const result = await onBoth(async (target) => {
    const { tokens, roomIds } = await prepare(target, { users: 20, rooms: 1 });
    const sockets = await clients.connect(target.url, members, tokens);
    await clients.joinAll(sockets, () => roomIds[0]);
    const steps = [];
    for (const rate of SIZES.rates) {
      const startedAt = clients.now();
      const stop = watch(target.pid(), target.profiled);
      const run = await clients.fanOut({
        sockets,
        roomId: roomIds[0],
        senders: 10,
        ratePerSecond: rate,
        durationMs: SIZES.stepMs,
      });
      const { cpuPercent } = stop();
      const cpuSeconds = (cpuPercent / 100) * ((clients.now() - startedAt) / 1000);
      const passed = run.loss <= 0.01 && run.latency.p99 <= MAX_THROUGHPUT_P99_MS;
      steps.push({
        rate,
        passed,
        deliveriesPerSecond: run.deliveriesPerSecond,
        loss: run.loss,
        p99: run.latency.p99,
        cpuPercent,
        cpuPerDeliveryUs: run.deliveries ? (cpuSeconds / run.deliveries) * 1e6 : null,
      });
      console.log(
        `  ${target.name} ${rate} msg/s: ${Math.round(run.deliveriesPerSecond)} deliveries/s, loss ${(run.loss * 100).toFixed(2)} %, p99 ${run.latency.p99} ms, CPU ${Math.round(cpuPercent)} %`,
      );
      if (!passed) break;
    }
    clients.closeAll(sockets);
    const best = steps.filter((s) => s.passed).at(-1);
    return {
      steps,
      bestRate: best?.rate ?? 0,
      deliveriesPerSecond: best?.deliveriesPerSecond ?? 0,
    };
  });
  const label = `max throughput, 1 room × ${members}`;
  addRow(label, 'deliveries/s at the last passing step', result, (r) => r.deliveriesPerSecond, {
    min: 0.8,
  });
  addRow(label, 'last passing rate (msg/s)', result, (r) => r.bestRate);
  ladderRow(label, result, {
    metric: 'server CPU per delivery (µs)',
    pick: (step) => step.cpuPerDeliveryUs,
    max: 1.1,
  });
  ladderRow(label, result, { metric: 'p99 latency (ms)', pick: (step) => step.p99, max: 2 });
  return result;
}

/**
 * Issue #19: ours / bare at every step of the ladder up to bare's last passing one (its knee).
 * The row shows the worst step; a step bare passed that ours did not pass fails the target.
 */
function ladderRow(label, result, { metric, pick, max }) {
  const bareSteps = result.baseline.steps.filter((step) => step.passed);
  const compared = bareSteps.map((bare) => {
    const ours = result.ours.steps.find((step) => step.rate === bare.rate);
    const ratio = ours?.passed ? pick(ours) / pick(bare) : Infinity;
    return { rate: bare.rate, ours: ours ? pick(ours) : null, bare: pick(bare), ratio };
  });
  const worst = compared.reduce((a, b) => (b.ratio > a.ratio ? b : a), compared[0]);
  rows.push({
    scenario: label,
    metric: `${metric}, worst step up to bare's knee${worst ? ` (${worst.rate} msg/s)` : ''}`,
    ours: worst?.ours ?? null,
    baseline: worst?.bare ?? null,
    ratio: worst && Number.isFinite(worst.ratio) ? worst.ratio : null,
    target: `≤ ${max} × baseline at every step bare passes`,
    holds: compared.length > 0 && compared.every((step) => step.ratio <= max),
  });
  rows.push({
    scenario: label,
    metric: `${metric} per step: rate → ours / bare`,
    ours: compared
      .map((step) => `${step.rate} → ${fmt(step.ours)} / ${fmt(step.bare)}`)
      .join(' · '),
    baseline: null,
    ratio: null,
  });
}

async function writes() {
  return writesScenario('writes', startOurs);
}

/** The same writes with our server on PostgreSQL: one transaction per message there. */
async function postgres() {
  const schema = await postgresSchema();
  if (!schema) {
    rows.push(notRunRow(`writes on PostgreSQL, ${SIZES.writeRooms} rooms`, '≥ 5000'));
    return { skipped: true };
  }
  return writesScenario('writes on PostgreSQL', () => startOurs({ postgresSchema: schema }));
}

async function writesScenario(name, startOursOn) {
  const rooms = SIZES.writeRooms;
  const result = await onBoth(async (target) => {
    const { tokens, roomIds } = await prepare(target, { users: 20, rooms });
    const sockets = await clients.connect(target.url, rooms * 3, tokens);
    await clients.joinAll(sockets, (i) => roomIds[i % rooms]);
    const stop = watch(target.pid(), target.profiled);
    const run = await clients.writes({
      senders: sockets.slice(0, rooms),
      roomIds,
      durationMs: SIZES.writeMs,
    });
    const usage = stop();
    clients.closeAll(sockets);
    return { ...run, ...usage };
  }, startOursOn);
  const label = `${name}, ${rooms} rooms × 3 members, 1 sender per room`;
  const isSqlite = name === 'writes';
  // Issue #19 holds PostgreSQL to SQLite's 5,000 acked msg/s, and SQLite's CPU to 2 × bare.
  addRow(label, 'acked msg/s', result, (r) => r.ackedPerSecond, { absoluteMin: 5000 });
  addRow(label, 'ack p50 (ms)', result, (r) => r.ackLatency.p50);
  addRow(label, 'ack p99 (ms)', result, (r) => r.ackLatency.p99);
  addRow(label, 'server CPU (%)', result, (r) => r.cpuPercent);
  // Steadier than the rate on a shared machine: what each message costs the server's core.
  addRow(
    label,
    'server CPU per acked message (µs)',
    result,
    (r) => Math.round((r.cpuPercent / 100 / r.ackedPerSecond) * 1e6),
    isSqlite ? { max: 2 } : undefined,
  );
  return result;
}

async function idle() {
  const count = SIZES.idle;
  const result = await onBoth(async (target) => {
    const { tokens, roomIds } = await prepare(target, { users: 50, rooms: 50 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = rssBytes(target.pid());
    const sockets = await clients.connect(target.url, count, tokens);
    await clients.joinAll(sockets, (i) => roomIds[i % roomIds.length]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = rssBytes(target.pid());
    clients.closeAll(sockets);
    return {
      sockets: count,
      rssBefore: before,
      rssAfter: after,
      perSocket: (after - before) / count,
    };
  });
  addRow(
    `${count} idle authenticated sockets in 50 rooms`,
    'RSS per socket (KB)',
    result,
    (r) => r.perSocket / 1024,
    { max: 1.5 },
  );
  return result;
}

async function history() {
  const target = await startOurs();
  try {
    const [token] = await clients.ourTokens(target.url, 1, 'h');
    const room = await clients.createRoom(target.url, token, `history ${randomUUID()}`);
    const me = await (
      await fetch(`${target.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })
    ).json();
    const seeded = seed(target.databasePath, room.id, me.id, SIZES.history);
    console.log(`  seeded ${SIZES.history} messages in ${Math.round(seeded)} ms`);
    const get = async (query) => {
      const { ms, body } = await clients.timedGet(
        `${target.url}/api/rooms/${room.id}/messages?limit=50${query}`,
        { authorization: `Bearer ${token}` },
      );
      JSON.parse(body);
      return ms;
    };
    const deepPage = () =>
      get(`&before=${1000 + Math.floor(Math.random() * (SIZES.history - 2000))}`);
    // Warm-up: for its first few thousand requests V8 is still compiling the request path,
    // which on one pinned core shows as 4-7 ms tails. The probes measure a server in its
    // steady state; the first requests after start are reported on a row of their own.
    // (The very first may meet a keep-alive connection the server closed during seeding.)
    const justStarted = [];
    for (let i = 0; i < SIZES.warmUp; i++) {
      const ms = await (i % 2 ? get('') : deepPage()).catch(() => undefined);
      if (ms !== undefined && justStarted.length < SIZES.probes) justStarted.push(ms);
    }
    const newest = [];
    const deep = [];
    const stop = watch(target.pid(), target.profiled);
    for (let i = 0; i < SIZES.probes; i++) {
      newest.push(await get(''));
      deep.push(await deepPage());
    }
    stop();
    const floor = await httpFloor();
    const result = {
      messages: SIZES.history,
      newest: clients.summarize(newest),
      deep: clients.summarize(deep),
      justStarted: clients.summarize(justStarted),
      floor: clients.summarize(floor),
    };
    const label = `history, 1 room of ${SIZES.history.toLocaleString('en')} messages`;
    rows.push({
      scenario: label,
      metric: 'newest page p99 (ms)',
      ours: result.newest.p99,
      baseline: null,
      ratio: null,
      target: '≤ 5 ms',
      holds: result.newest.p99 <= 5,
    });
    rows.push({
      scenario: label,
      metric: 'deep `before` page p99 (ms)',
      ours: result.deep.p99,
      baseline: null,
      ratio: null,
      target: '≤ 5 ms',
      holds: result.deep.p99 <= 5,
    });
    rows.push({
      scenario: label,
      metric: 'newest / deep p50 (ms)',
      ours: `${result.newest.p50} / ${result.deep.p50}`,
      baseline: null,
      ratio: null,
    });
    rows.push({
      scenario: label,
      metric: `first ${result.justStarted.count} requests after start, before the warm-up (p50 / p99 ms)`,
      ours: `${result.justStarted.p50} / ${result.justStarted.p99}`,
      baseline: null,
      ratio: null,
    });
    rows.push({
      scenario: label,
      metric: 'floor: a bare Node HTTP reply, same client (p50 / p99 ms)',
      ours: `${result.floor.p50} / ${result.floor.p99}`,
      baseline: null,
      ratio: null,
    });
    return result;
  } finally {
    await target.stop();
  }
}

/**
 * A member of many busy rooms: the room list (each room with its unread count) and the
 * joins a client makes after every connect (one per room it is a member of).
 */
async function rooms() {
  const { memberRooms, unreadPerRoom } = SIZES;
  const target = await startOurs();
  try {
    const [reader, writer] = await clients.ourTokens(target.url, 2, 'r');
    const writerId = (await me(target.url, writer)).id;
    const roomIds = [];
    for (let i = 0; i < memberRooms; i++) {
      roomIds.push((await clients.createRoom(target.url, reader, `busy ${i} ${randomUUID()}`)).id);
    }
    const seeded = seedRooms(target.databasePath, roomIds, writerId, unreadPerRoom);
    console.log(
      `  seeded ${memberRooms} rooms × ${unreadPerRoom} messages in ${Math.round(seeded)} ms`,
    );

    const list = async () => {
      const { ms, body } = await clients.timedGet(`${target.url}/api/rooms?member=true`, {
        authorization: `Bearer ${reader}`,
      });
      const listed = JSON.parse(body);
      if (listed.length !== memberRooms || listed[0].membership?.unread !== unreadPerRoom) {
        throw new Error(
          `room list: ${listed.length} rooms, unread ${listed[0]?.membership?.unread}`,
        );
      }
      return ms;
    };
    for (let i = 0; i < Math.min(SIZES.warmUp, 200); i++) await list();
    const stop = watch(target.pid(), target.profiled);
    const listTimes = [];
    // As many probes as the other latency rows: p99 of 200 was the second-worst request, one
    // hiccup of this shared machine away from double.
    for (let i = 0; i < SIZES.probes; i++) listTimes.push(await list());
    const joinTimes = [];
    for (let i = 0; i < (QUICK ? 1 : 5); i++) {
      const [socket] = await clients.connect(target.url, 1, [reader]);
      const started = clients.now();
      await clients.joinAll(
        roomIds.map(() => socket),
        (j) => roomIds[j],
      );
      joinTimes.push(clients.now() - started);
      clients.closeAll([socket]);
    }
    stop();
    const result = { list: clients.summarize(listTimes), joinAll: clients.summarize(joinTimes) };
    const label = `a member of ${memberRooms} rooms, ${unreadPerRoom.toLocaleString('en')} unread in each`;
    rows.push({
      scenario: label,
      metric: 'GET /api/rooms p99 (ms)',
      ours: result.list.p99,
      baseline: null,
      ratio: null,
      target: '≤ 20 ms',
      holds: result.list.p99 <= 20,
    });
    rows.push({
      scenario: label,
      metric: 'GET /api/rooms p50 (ms)',
      ours: result.list.p50,
      baseline: null,
      ratio: null,
    });
    rows.push({
      scenario: label,
      metric: `room:join of every room, one socket (median ms)`,
      ours: result.joinAll.p50,
      baseline: null,
      ratio: null,
    });
    return result;
  } finally {
    await target.stop();
  }
}

async function me(url, token) {
  const response = await fetch(`${url}/api/auth/me`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return response.json();
}

/** Another user's messages, straight into the SQLite file: unread for the rooms' owner. */
function seedRooms(databasePath, roomIds, senderId, perRoom) {
  const started = clients.now();
  const db = new Database(databasePath);
  db.pragma('busy_timeout = 5000');
  const insert = db.prepare(
    'INSERT INTO messages (id, room_id, seq, body, sender_id, client_msg_id, created_at) VALUES (?, ?, ?, ?, ?, NULL, ?)',
  );
  const at = new Date().toISOString().replace('T', ' ').replace('Z', '');
  db.transaction(() => {
    for (const roomId of roomIds) {
      for (let seq = 1; seq <= perRoom; seq++) {
        insert.run(randomUUID(), roomId, seq, `unread number ${seq}`, senderId, at);
      }
      db.prepare('UPDATE rooms SET last_seq = ? WHERE id = ?').run(perRoom, roomId);
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return clients.now() - started;
}

/** The same request loop (and warm-up) against the baseline's bare HTTP handler: what the machine itself costs. */
async function httpFloor() {
  const baseline = await startBaseline();
  try {
    const times = [];
    for (let i = 0; i < SIZES.warmUp + SIZES.probes * 2; i++) {
      const { ms } = await clients.timedGet(`${baseline.url}/health`);
      if (i >= SIZES.warmUp) times.push(ms);
    }
    return times;
  } finally {
    await baseline.stop();
  }
}

/** Bulk-loads messages straight into the SQLite file, as an old busy room would have them. */
function seed(databasePath, roomId, senderId, count) {
  const started = clients.now();
  const db = new Database(databasePath);
  db.pragma('busy_timeout = 5000');
  const insert = db.prepare(
    'INSERT INTO messages (id, room_id, seq, body, sender_id, client_msg_id, created_at) VALUES (?, ?, ?, ?, ?, NULL, ?)',
  );
  const base = Date.now() - count * 1000;
  db.transaction(() => {
    for (let seq = 1; seq <= count; seq++) {
      const at = new Date(base + seq * 1000).toISOString().replace('T', ' ').replace('Z', '');
      insert.run(
        randomUUID(),
        roomId,
        seq,
        `message number ${seq} of the seeded history`,
        senderId,
        at,
      );
    }
    db.prepare('UPDATE rooms SET last_seq = ? WHERE id = ?').run(count, roomId);
  })();
  // An old room's messages are long in the database file, not in the write-ahead log.
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return clients.now() - started;
}

/** Issue #17: search latency on both engines, and the index's cost to the write path. */
function search() {
  return searchScenario(SIZES, rows);
}

/** Issue #15: edits and reaction toggles against sends, on both engines. */
function changes() {
  return changesScenario(SIZES, rows);
}

/** Issue #16: the room:read path of a user with many rooms and sockets, on both engines. */
function reads() {
  return readsScenario(SIZES, rows);
}

/** Issue #18: upload MB/s, and the fan-out target held while uploads run, on both engines. */
function uploads() {
  return uploadsScenario(SIZES, rows);
}

async function coldstart() {
  const times = { ours: [], baseline: [] };
  for (let i = 0; i < SIZES.coldStarts; i++) {
    for (const start of [startBaseline, startOurs]) {
      const target = await start();
      times[target.name].push(target.startMs);
      await target.stop();
    }
  }
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const result = { ours: { ms: median(times.ours) }, baseline: { ms: median(times.baseline) } };
  addRow('cold start (spawn → healthy, fresh database, median)', 'ms', result, (r) => r.ms, {
    absoluteMax: 2000,
  });
  return { times, ...result };
}

/**
 * One table row. `target`: { max } / { min } are limits on the ratio ours/baseline;
 * { absoluteMax } / { absoluteMin } on our own figure.
 */
function addRow(scenario, metric, result, pick, target, extraCondition = true, kind = 'ratio') {
  const ours = pick(result.ours);
  const baseline = pick(result.baseline);
  const ratio = kind === 'ratio' && baseline ? ours / baseline : null;
  let holds = null;
  let targetText = '';
  if (target?.max !== undefined) {
    holds = ratio !== null && ratio <= target.max && extraCondition;
    targetText = `≤ ${target.max} × baseline${target.note ? ` ${target.note}` : ''}`;
  } else if (target?.min !== undefined) {
    holds = ratio !== null && ratio >= target.min;
    targetText = `≥ ${target.min} × baseline`;
  } else if (target?.absoluteMin !== undefined) {
    holds = ours >= target.absoluteMin;
    targetText = `≥ ${target.absoluteMin}`;
  } else if (target?.absoluteMax !== undefined) {
    holds = ours <= target.absoluteMax;
    targetText = `≤ ${target.absoluteMax}`;
  }
  rows.push({ scenario, metric, ours, baseline, ratio, target: targetText, holds });
}

function holdsText(holds) {
  if (holds === null || holds === undefined) return '';
  if (typeof holds === 'string') return `**${holds}**`;
  return holds ? 'yes' : '**no**';
}

/** The line under the table: how many of its targets hold. */
function targetsSummary() {
  const judged = rows.filter((r) => r.target);
  const count = (holds) => judged.filter((r) => r.holds === holds).length;
  const notRun = judged.filter((r) => typeof r.holds === 'string').length;
  return `Targets: ${count(true)} of ${judged.length} hold, ${count(false)} do not${notRun ? `, ${notRun} not run` : ''}.`;
}

/** A figure as the table shows it. */
function fmt(v) {
  if (v === null || v === undefined) return '–';
  if (typeof v !== 'number') return v;
  return Math.abs(v) >= 100
    ? Math.round(v).toLocaleString('en')
    : String(Math.round(v * 100) / 100);
}

function report() {
  // Each run replaces latest.md and latest.json (git keeps the earlier ones). Quick, partial
  // (--only) and resized (--sizes) runs write theirs apart (and out of git): only a complete
  // run stands for the project's figures.
  const dir = join(__dirname, 'results', QUICK ? 'quick' : ONLY || RESIZED ? 'partial' : '');
  mkdirSync(dir, { recursive: true });
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
  const pinning = HAS_TASKSET
    ? 'servers pinned to core 0 and the load generator to core 1 (taskset)'
    : 'no CPU pinning (taskset missing)';
  const lines = [
    `# Benchmark ${QUICK ? '(quick mode: sizes too small to judge performance)' : ''}${RESIZED ? ` (resized: ${args.find((a) => a.startsWith('--sizes='))})` : ''}`,
    '',
    `${new Date().toISOString()} · ${machine} · ${pinning}.`,
    `Our server: production build, fresh temp SQLite (the PostgreSQL scenario: a fresh schema; PostgreSQL itself is not pinned), rate limits raised for the run (${Object.entries(
      RAISED_LIMITS,
    )
      .map(([k, v]) => `${k}=${v}`)
      .join(
        ', ',
      )}). Baseline: a bare Socket.IO ${require('socket.io/package.json').version} server relaying to a room (no auth, no database).`,
    '',
    '| scenario | metric | ours | bare Socket.IO | ours / baseline | target | holds |',
    '|---|---|---:|---:|---:|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.metric} | ${fmt(r.ours)} | ${fmt(r.baseline)} | ${r.ratio === null ? '–' : r.ratio.toFixed(2)} | ${r.target || ''} | ${holdsText(r.holds)} |`,
    ),
    '',
    targetsSummary(),
    '',
  ];
  const markdown = lines.join('\n');
  writeFileSync(
    join(dir, 'latest.json'),
    JSON.stringify(
      { quick: QUICK, sizes: SIZES, machine, pinning, raisedLimits: RAISED_LIMITS, rows, raw },
      null,
      2,
    ),
  );
  writeFileSync(join(dir, 'latest.md'), markdown);
  console.log(`\n${markdown}\nResults: ${join(dir, 'latest.md')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
