// The load generator's side: accounts, sockets and the measurements taken on them.
const http = require('node:http');
const { io } = require('socket.io-client');

const now = () => performance.now();

/** Registers `count` users on our server and logs each in once; returns access tokens. */
async function ourTokens(url, count, label) {
  const tokens = [];
  for (let i = 0; i < count; i++) {
    const username = `${label}${i}_${Date.now().toString(36)}`.slice(0, 32);
    const password = 'bench password';
    await post(url, '/api/auth/register', { username, email: `${username}@bench.test`, password });
    const { accessToken } = await post(url, '/api/auth/login', { username, password });
    tokens.push(accessToken);
  }
  return tokens;
}

async function createRoom(url, token, name) {
  return post(url, '/api/rooms', { name }, token);
}

/**
 * One timed GET on a kept-alive connection with node:http. The latency probes use it rather
 * than fetch(), whose own work and garbage added milliseconds to the tail on this side.
 */
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });
function timedGet(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const started = now();
    http
      .get(url, { agent: keepAlive, headers }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => {
          if (response.statusCode !== 200) reject(new Error(`${url}: ${response.statusCode}`));
          else resolve({ ms: now() - started, body });
        });
      })
      .on('error', reject);
  });
}

async function post(url, path, body, token) {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token && { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Opens `count` websocket connections, `tokens` spread over them, a few at a time. */
async function connect(url, count, tokens = [undefined]) {
  const sockets = [];
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, (_, j) => {
      const token = tokens[(i + j) % tokens.length];
      const socket = io(url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        auth: token ? { token } : {},
      });
      return new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      });
    });
    sockets.push(...(await Promise.all(batch)));
  }
  return sockets;
}

async function joinAll(sockets, roomIdOf) {
  await Promise.all(
    sockets.map(async (socket, i) => {
      const reply = await socket.timeout(30_000).emitWithAck('room:join', { roomId: roomIdOf(i) });
      if (!reply.ok) throw new Error(`join failed: ${JSON.stringify(reply)}`);
    }),
  );
}

function closeAll(sockets) {
  for (const socket of sockets) socket.disconnect();
}

/**
 * Open-loop fan-out: `senders` of the members send at a fixed total rate, whatever the
 * server does; each message carries its send time, so every other member's `message:new`
 * gives one latency on this process's monotonic clock.
 */
async function fanOut({ sockets, roomId, senders, ratePerSecond, durationMs, drainMs = 2000 }) {
  const latencies = [];
  let deliveries = 0;
  let duplicates = 0;
  let sent = 0;
  let acked = 0;
  sockets.forEach((socket, index) => {
    const seen = new Set();
    socket.removeAllListeners('message:new');
    socket.on('message:new', (message) => {
      const receivedAt = now();
      if (seen.has(message.id)) return void duplicates++;
      seen.add(message.id);
      deliveries++;
      const [sentAt, fromIndex] = message.body.split(' ').map(Number);
      if (fromIndex !== index) latencies.push(receivedAt - sentAt);
    });
  });

  const interval = 1000 / ratePerSecond;
  const startedAt = now();
  await new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(
        Math.floor((now() - startedAt) / interval) + 1,
        Math.ceil(durationMs / interval),
      );
      while (sent < due) {
        const from = (sent * 7919) % senders; // spread sends over the senders
        sockets[from].emit(
          'message:send',
          { roomId, body: `${now()} ${from}`, clientMsgId: `b${sent}-${startedAt}` },
          () => acked++,
        );
        sent++;
      }
      if (now() - startedAt >= durationMs) return resolve();
      setTimeout(tick, Math.max(0, Math.min(interval, 5)));
    };
    tick();
  });
  const sendSeconds = (now() - startedAt) / 1000;
  const expected = sent * sockets.length;
  const drainDeadline = now() + drainMs;
  while (deliveries < expected && now() < drainDeadline)
    await new Promise((r) => setTimeout(r, 20));
  return {
    sent,
    acked,
    deliveries,
    duplicates,
    loss: expected === 0 ? 0 : 1 - deliveries / expected,
    deliveriesPerSecond: deliveries / sendSeconds,
    latency: summarize(latencies),
  };
}

/**
 * Closed loop: `loops` callers at once, each calling `call(i, n)` (its n-th call), awaiting the
 * reply and calling again, for `durationMs`. `call` returns the ack's promise, or null when that
 * loop has nothing left to do. A reply counts when `ok` (and `check(reply, i, n)`, if given).
 */
async function closedLoop({ loops, durationMs, call, check = () => true }) {
  const latencies = [];
  const startedAt = now();
  let acked = 0;
  let failed = 0;
  let exhausted = 0;
  await Promise.all(
    Array.from({ length: loops }, async (_, i) => {
      for (let n = 0; now() - startedAt < durationMs; n++) {
        const sentAt = now();
        const pending = call(i, n);
        if (pending === null) return void exhausted++;
        const reply = await pending.catch(() => ({ ok: false }));
        if (reply.ok && check(reply, i, n)) {
          acked++;
          latencies.push(now() - sentAt);
        } else failed++;
      }
    }),
  );
  const seconds = (now() - startedAt) / 1000;
  return {
    acked,
    failed,
    exhausted,
    seconds,
    ackedPerSecond: acked / seconds,
    ackLatency: summarize(latencies),
  };
}

/**
 * Closed loop: one sender per room sends, awaits its ack, sends again, for `durationMs`.
 * `messageIds`, when given, collects each sender's acked message ids (for edits and reactions).
 */
async function writes({ senders, roomIds, durationMs, messageIds }) {
  const startedAt = now();
  return closedLoop({
    loops: senders.length,
    durationMs,
    call: (i, n) =>
      senders[i].timeout(10_000).emitWithAck('message:send', {
        roomId: roomIds[i],
        body: `w ${n}`,
        clientMsgId: `w${i}-${n}-${startedAt}`,
      }),
    check: (reply, i) => {
      if (messageIds) (messageIds[i] ??= []).push(reply.message.id);
      return true;
    },
  });
}

function summarize(values) {
  if (values.length === 0) return { count: 0 };
  const sorted = Float64Array.from(values).sort();
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const round = (ms) => Math.round(ms * 100) / 100;
  return {
    count: sorted.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(sorted.at(-1)),
  };
}

module.exports = {
  ourTokens,
  createRoom,
  connect,
  joinAll,
  closeAll,
  fanOut,
  closedLoop,
  writes,
  timedGet,
  summarize,
  now,
};
