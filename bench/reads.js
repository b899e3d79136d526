// The reads scenario (issue #16): the room:read path for one user who is a member of
// `writeRooms` rooms and has `readerSockets` sockets open (tabs and devices). Each read moves
// the marker one message forward, so each is a real move: a row written, the room's unread
// and mentions counted, and `read` sent to every socket of the user. First the writes
// scenario's shape (3 other members per room, 1 sender each) sends for `writeMs`: the sends/s
// of this run, and the unread messages the reader then reads through, on SQLite and
// PostgreSQL. The bare Socket.IO baseline acks and relays `read` to the same sockets.
const { randomUUID } = require('node:crypto');
const clients = require('./clients');
const { notRunRow, postgresSchema, startBaseline, startOurs, watch } = require('./targets');

const WRITERS = 20;

/**
 * Closed loop over the rooms (one loop per room, spread over the reader's sockets), each read
 * one seq further than the last, until `durationMs` or the room's last message. Counts every
 * `read` event at every socket and its latency from the call.
 */
async function readThrough(target, { roomIds, lastSeqs, sockets, durationMs }) {
  const sentAt = new Map();
  const eventLatencies = [];
  let events = 0;
  for (const socket of sockets) {
    socket.removeAllListeners('read');
    socket.on('read', ({ roomId, lastReadSeq }) => {
      const at = sentAt.get(`${roomId} ${lastReadSeq}`);
      if (at === undefined) return;
      events++;
      eventLatencies.push(clients.now() - at);
    });
  }
  // Once one room is read to its end the phase ends for all, so that the rate is that of
  // every loop in flight.
  let endedAt = null;
  const startedAt = clients.now();
  const stop = watch(target.pid(), target.profiled);
  const run = await clients.closedLoop({
    loops: roomIds.length,
    durationMs,
    call: (i, n) => {
      const seq = n + 1;
      if (endedAt !== null || (lastSeqs && seq > lastSeqs[i])) {
        endedAt ??= clients.now() - startedAt;
        return null;
      }
      sentAt.set(`${roomIds[i]} ${seq}`, clients.now());
      return sockets[i % sockets.length]
        .timeout(10_000)
        .emitWithAck('room:read', { roomId: roomIds[i], seq });
    },
    check: (reply, i, n) => reply.lastReadSeq === n + 1,
  });
  const usage = stop();
  // Events still on their way when the last ack came.
  const expected = run.acked * sockets.length;
  const deadline = clients.now() + 2000;
  while (events < expected && clients.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    ...run,
    ...usage,
    cpuPerAckUs: Math.round((usage.cpuPercent / 100 / run.ackedPerSecond) * 1e6),
    events,
    eventsLost: expected - events,
    endedEarlyAtMs: endedAt === null ? null : Math.round(endedAt),
    eventLatency: clients.summarize(eventLatencies),
  };
}

async function baseline(sizes) {
  const target = await startBaseline();
  try {
    const roomIds = Array.from({ length: sizes.writeRooms }, (_, i) => `room-${i}`);
    const sockets = await clients.connect(target.url, sizes.readerSockets);
    try {
      return await readThrough(target, { roomIds, sockets, durationMs: sizes.writeMs });
    } finally {
      clients.closeAll(sockets);
    }
  } finally {
    await target.stop();
  }
}

async function onEngine(engine, sizes) {
  const schema = engine === 'PostgreSQL' ? await postgresSchema() : null;
  if (engine === 'PostgreSQL' && !schema) return null;
  const target = await startOurs(schema ? { postgresSchema: schema } : {});
  try {
    const rooms = sizes.writeRooms;
    const [reader, ...writers] = await clients.ourTokens(target.url, WRITERS + 1, 'rd');
    const roomIds = [];
    for (let i = 0; i < rooms; i++) {
      roomIds.push((await clients.createRoom(target.url, reader, `rd ${i} ${randomUUID()}`)).id);
    }
    const writerSockets = await clients.connect(target.url, rooms * 3, writers);
    await clients.joinAll(writerSockets, (i) => roomIds[i % rooms]);
    const stop = watch(target.pid(), target.profiled);
    const sends = await clients.writes({
      senders: writerSockets.slice(0, rooms),
      roomIds,
      durationMs: sizes.writeMs,
    });
    const usage = stop();
    sends.cpuPerAckUs = Math.round((usage.cpuPercent / 100 / sends.ackedPerSecond) * 1e6);
    clients.closeAll(writerSockets);

    const listed = await (
      await fetch(`${target.url}/api/rooms?member=true`, {
        headers: { authorization: `Bearer ${reader}` },
      })
    ).json();
    const lastSeqOf = new Map(listed.map((room) => [room.id, room.lastSeq]));
    const lastSeqs = roomIds.map((id) => lastSeqOf.get(id));
    const sockets = await clients.connect(target.url, sizes.readerSockets, [reader]);
    try {
      const reads = await readThrough(target, {
        roomIds,
        lastSeqs,
        sockets,
        durationMs: sizes.writeMs,
      });
      console.log(
        `  ${engine}: ${Math.round(sends.ackedPerSecond)} sends/s, then ${Math.round(reads.ackedPerSecond)} reads/s` +
          (reads.endedEarlyAtMs === null
            ? ''
            : ` (a room read to its end after ${reads.endedEarlyAtMs} ms)`),
      );
      return { sends, reads, unreadAtStart: lastSeqs.reduce((a, b) => a + b, 0) / rooms };
    } finally {
      clients.closeAll(sockets);
    }
  } finally {
    await target.stop();
  }
}

/** Runs the scenario (bare, SQLite, PostgreSQL) and pushes its rows; returns the raw figures. */
async function reads(sizes, rows) {
  const bare = await baseline(sizes);
  const raw = { baseline: bare };
  for (const engine of ['SQLite', 'PostgreSQL']) {
    const result = await onEngine(engine, sizes);
    raw[engine] = result ?? { skipped: true };
    if (!result) {
      rows.push(
        notRunRow(
          `room:read (${engine}), ${sizes.writeRooms} rooms`,
          `≥ 1 × sends, every \`read\` at all ${sizes.readerSockets} sockets`,
        ),
      );
      continue;
    }
    const { sends, reads: run } = result;
    const label = `room:read (${engine}), 1 user × ${sizes.readerSockets} sockets, a member of ${sizes.writeRooms} rooms, 1 read in flight per room`;
    rows.push({
      scenario: label,
      metric: 'acked room:read/s · bare Socket.IO relaying `read` beside',
      ours: run.ackedPerSecond,
      baseline: bare.ackedPerSecond,
      ratio: run.ackedPerSecond / bare.ackedPerSecond,
    });
    const ratio = run.ackedPerSecond / sends.ackedPerSecond;
    rows.push({
      scenario: label,
      metric: 'acked room:read/s · acked sends/s of the same run beside (writes shape)',
      ours: run.ackedPerSecond,
      baseline: sends.ackedPerSecond,
      ratio,
      target: `≥ 1 × sends, every \`read\` at all ${sizes.readerSockets} sockets`,
      holds: ratio >= 1 && run.eventsLost === 0 && run.failed === 0,
    });
    rows.push({
      scenario: label,
      metric: 'ack p50 / p99 (ms) · bare beside',
      ours: `${run.ackLatency.p50} / ${run.ackLatency.p99}`,
      baseline: `${bare.ackLatency.p50} / ${bare.ackLatency.p99}`,
      ratio: null,
    });
    rows.push({
      scenario: label,
      metric: '`read` at each socket, p50 / p99 from the call (ms) · bare beside',
      ours: `${run.eventLatency.p50} / ${run.eventLatency.p99}`,
      baseline: `${bare.eventLatency.p50} / ${bare.eventLatency.p99}`,
      ratio: null,
    });
    rows.push({
      scenario: label,
      metric: '`read` events lost · reads refused or timed out',
      ours: `${run.eventsLost} · ${run.failed}`,
      baseline: `${bare.eventsLost} · ${bare.failed}`,
      ratio: null,
    });
    rows.push({
      scenario: label,
      metric: 'server CPU per acked call (µs): read · send',
      ours: `${run.cpuPerAckUs} · ${sends.cpuPerAckUs}`,
      baseline: bare.cpuPerAckUs,
      ratio: null,
    });
    rows.push({
      scenario: label,
      metric:
        'unread per room at the start (mean) · read phase (ms; shorter when a room was read to its end)',
      ours: `${Math.round(result.unreadAtStart)} · ${Math.round(run.seconds * 1000)}`,
      baseline: null,
      ratio: null,
    });
  }
  return raw;
}

module.exports = { reads };
