// The search scenario (issue #17): a database of `messages` messages across 100 rooms, the
// searching user a member of 50 of them; p50/p99 of GET /api/search for one word, two words
// and a phrase, on SQLite and (beside) PostgreSQL. Then the write path's acked msg/s with the
// search index and without it (its triggers dropped), measured in the same run.
const { randomUUID } = require('node:crypto');
const Database = require('better-sqlite3');
const { Client } = require('pg');
const clients = require('./clients');
const { POSTGRES_URL, postgresSchema, startOurs, watch } = require('./targets');

const ROOMS = 100;
const VOCABULARY = 5000;
/** Rows per INSERT while seeding PostgreSQL. */
const PG_BATCH = 5000;

/** A pronounceable made-up word per index (deterministic): "bakolu", "dimesa", … */
function word(index) {
  const consonants = 'bdfgklmnprstvz';
  const vowels = 'aeiou';
  let text = '';
  let n = index + 100;
  while (n > 0) {
    text += consonants[n % consonants.length] + vowels[Math.floor(n / 14) % vowels.length];
    n = Math.floor(n / 70);
  }
  return text;
}

/** A small deterministic random generator, so runs search the same text. */
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Message bodies of 6–12 words, common words far more often than rare ones (r² skew). */
function* bodies(count) {
  const random = generator(17);
  for (let i = 0; i < count; i++) {
    const length = 6 + Math.floor(random() * 7);
    const words = [];
    for (let w = 0; w < length; w++) words.push(word(Math.floor(VOCABULARY * random() ** 2)));
    yield words.join(' ');
  }
}

/** The three query kinds, each from words that do occur. */
function queries(samples, probes) {
  const random = generator(99);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const one = [];
  const two = [];
  const phrase = [];
  for (let i = 0; i < probes; i++) {
    // Mid-frequency words: neither stop-word common nor unique.
    one.push(word(200 + Math.floor(random() * 1500)));
    const words = pick(samples).split(' ');
    const at = Math.floor(random() * (words.length - 1));
    two.push(`${words[at + 1]} ${words[0]}`);
    phrase.push(`"${words[at]} ${words[at + 1]}"`);
  }
  return { 'one word': one, 'two words': two, phrase };
}

/** Users a (the searcher) and b; 50 rooms each; returns tokens, user ids and room ids. */
async function prepare(target) {
  const [tokenA, tokenB] = await clients.ourTokens(target.url, 2, 's');
  const me = async (token) =>
    (
      await (
        await fetch(`${target.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })
      ).json()
    ).id;
  const users = [await me(tokenA), await me(tokenB)];
  const rooms = [];
  for (let i = 0; i < ROOMS; i++) {
    const owner = i % 2;
    const room = await clients.createRoom(
      target.url,
      owner ? tokenB : tokenA,
      `search ${i} ${randomUUID()}`,
    );
    rooms.push({ id: room.id, senderId: users[owner] });
  }
  return { token: tokenA, rooms };
}

/** Rows of the seeded history: messages spread over the rooms, one a second. */
function* rows(rooms, count) {
  const base = Date.now() - count * 1000;
  const seqs = new Array(rooms.length).fill(0);
  let i = 0;
  for (const body of bodies(count)) {
    const room = i % rooms.length;
    seqs[room] += 1;
    yield {
      id: randomUUID(),
      roomId: rooms[room].id,
      seq: seqs[room],
      body,
      senderId: rooms[room].senderId,
      at: new Date(base + i * 1000),
    };
    i += 1;
  }
  return seqs;
}

/** Inserts straight into the SQLite file (the triggers index it); returns sampled bodies. */
function seedSqlite(databasePath, rooms, count) {
  const db = new Database(databasePath);
  db.pragma('busy_timeout = 5000');
  const insert = db.prepare(
    'INSERT INTO messages (id, room_id, seq, body, sender_id, client_msg_id, created_at) VALUES (?, ?, ?, ?, ?, NULL, ?)',
  );
  const samples = [];
  const lastSeqs = new Map();
  db.transaction(() => {
    for (const row of rows(rooms, count)) {
      const at = row.at.toISOString().replace('T', ' ').replace('Z', '');
      insert.run(row.id, row.roomId, row.seq, row.body, row.senderId, at);
      lastSeqs.set(row.roomId, row.seq);
      if (row.seq % 97 === 0) samples.push(row.body);
    }
    const update = db.prepare('UPDATE rooms SET last_seq = ? WHERE id = ?');
    for (const [roomId, seq] of lastSeqs) update.run(seq, roomId);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return samples;
}

async function seedPostgres(schema, rooms, count) {
  const client = new Client({ connectionString: POSTGRES_URL });
  await client.connect();
  const samples = [];
  const lastSeqs = new Map();
  try {
    let batch = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const column = (key) => batch.map((row) => row[key]);
      await client.query(
        `INSERT INTO ${schema}.messages (id, room_id, seq, body, sender_id, created_at)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::uuid[], $6::timestamptz[])`,
        [
          column('id'),
          column('roomId'),
          column('seq'),
          column('body'),
          column('senderId'),
          column('at'),
        ],
      );
      batch = [];
    };
    for (const row of rows(rooms, count)) {
      batch.push(row);
      lastSeqs.set(row.roomId, row.seq);
      if (row.seq % 97 === 0) samples.push(row.body);
      if (batch.length >= PG_BATCH) await flush();
    }
    await flush();
    for (const [roomId, seq] of lastSeqs) {
      await client.query(`UPDATE ${schema}.rooms SET last_seq = $1 WHERE id = $2`, [seq, roomId]);
    }
    await client.query(`ANALYZE ${schema}.messages`);
  } finally {
    await client.end();
  }
  return samples;
}

/** Seeds, warms up, then times every query of each kind; returns a summary per kind. */
async function latencies(engine, sizes) {
  const schema = engine === 'postgres' ? await postgresSchema() : null;
  if (engine === 'postgres' && !schema) return null;
  const target = await startOurs(schema ? { postgresSchema: schema } : {});
  try {
    const { token, rooms } = await prepare(target);
    const started = clients.now();
    const samples = schema
      ? await seedPostgres(schema, rooms, sizes.searchMessages)
      : seedSqlite(target.databasePath, rooms, sizes.searchMessages);
    const seededMs = clients.now() - started;
    console.log(
      `  ${engine}: seeded and indexed ${sizes.searchMessages} messages in ${Math.round(seededMs)} ms`,
    );
    const get = async (q) => {
      const { ms, body } = await clients.timedGet(
        `${target.url}/api/search?q=${encodeURIComponent(q)}&limit=20`,
        { authorization: `Bearer ${token}` },
      );
      return { ms, count: JSON.parse(body).results.length };
    };
    const kinds = queries(samples, sizes.probes);
    for (const q of kinds['one word'].slice(0, Math.min(200, sizes.warmUp))) await get(q);
    const result = { seededMs };
    const stop = watch(target.pid(), target.profiled);
    for (const [kind, list] of Object.entries(kinds)) {
      const times = [];
      let found = 0;
      for (const q of list) {
        const { ms, count } = await get(q);
        times.push(ms);
        found += count;
      }
      result[kind] = { ...clients.summarize(times), meanResults: found / list.length };
    }
    stop();
    return result;
  } finally {
    await target.stop();
  }
}

/** Acked msg/s of the writes scenario on SQLite, with the search triggers or without them. */
async function writesRate(sizes, withIndex) {
  const target = await startOurs();
  try {
    if (!withIndex) {
      const db = new Database(target.databasePath);
      for (const kind of ['insert', 'update', 'delete']) {
        db.exec(`DROP TRIGGER messages_search_${kind}`);
      }
      db.close();
    }
    const [token] = await clients.ourTokens(target.url, 1, 'w');
    const roomIds = [];
    for (let i = 0; i < sizes.writeRooms; i++) {
      roomIds.push((await clients.createRoom(target.url, token, `w ${i} ${randomUUID()}`)).id);
    }
    const sockets = await clients.connect(target.url, sizes.writeRooms, [token]);
    await clients.joinAll(sockets, (i) => roomIds[i]);
    const run = await clients.writes({ senders: sockets, roomIds, durationMs: sizes.writeMs });
    clients.closeAll(sockets);
    return run;
  } finally {
    await target.stop();
  }
}

/** Runs the scenario and pushes its rows; returns the raw figures. */
async function search(sizes, rows) {
  const label = `search, ${sizes.searchMessages.toLocaleString('en')} messages in ${ROOMS} rooms, member of 50`;
  const sqlite = await latencies('sqlite', sizes);
  const postgres = await latencies('postgres', sizes);
  for (const kind of ['one word', 'two words', 'phrase']) {
    rows.push({
      scenario: label,
      metric: `${kind}: p99 (ms), SQLite · PostgreSQL p99 beside`,
      ours: sqlite[kind].p99,
      baseline: postgres ? postgres[kind].p99 : null,
      ratio: null,
      target: '≤ 50 ms (SQLite)',
      holds: sqlite[kind].p99 <= 50,
    });
    rows.push({
      scenario: label,
      metric: `${kind}: p50 (ms) · mean results per query`,
      ours: `${sqlite[kind].p50} · ${Math.round(sqlite[kind].meanResults)}`,
      baseline: postgres
        ? `${postgres[kind].p50} · ${Math.round(postgres[kind].meanResults)}`
        : null,
      ratio: null,
    });
  }
  rows.push({
    scenario: label,
    metric: 'seeding with the index kept by triggers (ms)',
    ours: sqlite.seededMs,
    baseline: postgres?.seededMs ?? null,
    ratio: null,
  });
  const withIndex = await writesRate(sizes, true);
  const without = await writesRate(sizes, false);
  const ratio = withIndex.ackedPerSecond / without.ackedPerSecond;
  rows.push({
    scenario: `writes with / without the search index (SQLite, ${sizes.writeRooms} rooms)`,
    metric: 'acked msg/s',
    ours: withIndex.ackedPerSecond,
    baseline: without.ackedPerSecond,
    ratio,
    target: '≥ 0.9 × without',
    holds: ratio >= 0.9,
  });
  return { sqlite, postgres, writes: { withIndex, without } };
}

module.exports = { search };
