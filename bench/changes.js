// The changes scenario (issue #15): acked message:edit and reaction:set toggles per second,
// against acked sends measured on the same server in the same run, on SQLite and PostgreSQL.
// The shape is the writes scenario's: `writeRooms` rooms × 3 members, one actor per room, each
// awaiting its ack before the next call. Each actor edits and reacts to its own messages of the
// send phase, so every edit and toggle is a real change (a new version, `message:updated` to
// the room's 3 sockets), as every send is a new message to them.
const { randomUUID } = require('node:crypto');
const clients = require('./clients');
const { notRunRow, postgresSchema, startOurs, watch } = require('./targets');

const USERS = 20;

/** Sends, then edits, then reaction toggles on one server; each phase `writeMs` long. */
async function phases(target, sizes) {
  const rooms = sizes.writeRooms;
  const tokens = await clients.ourTokens(target.url, USERS, 'c');
  const roomIds = [];
  for (let i = 0; i < rooms; i++) {
    roomIds.push((await clients.createRoom(target.url, tokens[0], `c ${i} ${randomUUID()}`)).id);
  }
  const sockets = await clients.connect(target.url, rooms * 3, tokens);
  await clients.joinAll(sockets, (i) => roomIds[i % rooms]);
  const actors = sockets.slice(0, rooms);
  const measured = async (run) => {
    const stop = watch(target.pid(), target.profiled);
    const result = await run();
    const usage = stop();
    return {
      ...result,
      ...usage,
      cpuPerAckUs: Math.round((usage.cpuPercent / 100 / result.ackedPerSecond) * 1e6),
    };
  };
  try {
    const messageIds = [];
    const sends = await measured(() =>
      clients.writes({ senders: actors, roomIds, durationMs: sizes.writeMs, messageIds }),
    );
    // Cycles through the actor's own messages, each edit a new body.
    const edits = await measured(() =>
      clients.closedLoop({
        loops: rooms,
        durationMs: sizes.writeMs,
        call: (i, n) =>
          actors[i].timeout(10_000).emitWithAck('message:edit', {
            messageId: messageIds[i][n % messageIds[i].length],
            body: `edited ${n}`,
          }),
      }),
    );
    // On, off, on, off…: each message gets 👍 and loses it, then the next message.
    const reactions = await measured(() =>
      clients.closedLoop({
        loops: rooms,
        durationMs: sizes.writeMs,
        call: (i, n) =>
          actors[i].timeout(10_000).emitWithAck('reaction:set', {
            messageId: messageIds[i][Math.floor(n / 2) % messageIds[i].length],
            emoji: '👍',
            on: n % 2 === 0,
          }),
        check: (reply, i, n) => (reply.message.reactions.length === 1) === (n % 2 === 0),
      }),
    );
    return { sends, edits, reactions };
  } finally {
    clients.closeAll(sockets);
  }
}

async function onEngine(engine, sizes) {
  const schema = engine === 'PostgreSQL' ? await postgresSchema() : null;
  if (engine === 'PostgreSQL' && !schema) return null;
  const target = await startOurs(schema ? { postgresSchema: schema } : {});
  try {
    const result = await phases(target, sizes);
    const { sends, edits, reactions } = result;
    console.log(
      `  ${engine}: ${Math.round(sends.ackedPerSecond)} sends/s, ${Math.round(edits.ackedPerSecond)} edits/s, ${Math.round(reactions.ackedPerSecond)} toggles/s`,
    );
    return result;
  } finally {
    await target.stop();
  }
}

/** Runs the scenario on both engines and pushes its rows; returns the raw figures. */
async function changes(sizes, rows) {
  const raw = {};
  for (const engine of ['SQLite', 'PostgreSQL']) {
    const result = await onEngine(engine, sizes);
    raw[engine] = result ?? { skipped: true };
    if (!result) {
      rows.push(
        notRunRow(
          `edits and reaction toggles (${engine}), ${sizes.writeRooms} rooms × 3 members, 1 actor per room`,
          '≥ 0.8 × sends, none refused',
        ),
      );
      continue;
    }
    const { sends, edits, reactions } = result;
    const label = `edits and reaction toggles (${engine}), ${sizes.writeRooms} rooms × 3 members, 1 actor per room`;
    for (const [metric, phase] of [
      ['acked message:edit/s · acked sends/s of the same run beside', edits],
      ['acked reaction:set toggles/s · acked sends/s of the same run beside', reactions],
    ]) {
      const ratio = phase.ackedPerSecond / sends.ackedPerSecond;
      rows.push({
        scenario: label,
        metric,
        ours: phase.ackedPerSecond,
        baseline: sends.ackedPerSecond,
        ratio,
        target: '≥ 0.8 × sends, none refused',
        holds: ratio >= 0.8 && phase.failed === 0,
      });
    }
    const each = (pick) => [sends, edits, reactions].map(pick).join(' · ');
    rows.push({
      scenario: label,
      metric: 'ack p50 / p99 (ms): send · edit · toggle',
      ours: each((p) => `${p.ackLatency.p50} / ${p.ackLatency.p99}`),
      baseline: null,
      ratio: null,
    });
    rows.push({
      scenario: label,
      metric: 'server CPU per acked call (µs): send · edit · toggle',
      ours: each((p) => p.cpuPerAckUs),
      baseline: null,
      ratio: null,
    });
    rows.push({
      scenario: label,
      metric: 'refused or timed out: send · edit · toggle',
      ours: each((p) => p.failed),
      baseline: null,
      ratio: null,
    });
  }
  return raw;
}

module.exports = { changes };
