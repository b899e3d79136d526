// The uploads scenario (issue #18), on SQLite and PostgreSQL. Files of about `uploadMB` MB
// (PNG and JPEG photos, which cost a thumbnail each, between a PDF and an opaque file) are
// POSTed as multipart into a room from a worker thread:
// - throughput: `uploadConcurrency` uploads in flight, closed loop, for `uploadMs`: MB/s stored;
// - sends beside uploads: the fan-out probe (`uploadProbe`: members × msg/s, the fan-out
//   target's shape) in that room for `fanOutMs` while uploads arrive at `uploadPaceMBps`,
//   whatever the server does. The bare Socket.IO baseline runs the same probe while a bare HTTP
//   sink takes the same uploads at the same pace, so that what the load generator itself pays
//   for pushing the bytes is on both sides. (The fan-out scenario has the probe without uploads.)
const { randomBytes } = require('node:crypto');
const { join } = require('node:path');
const { Worker } = require('node:worker_threads');
const sharp = require('sharp');
const clients = require('./clients');
const { notRunRow, postgresSchema, startBaseline, startOurs, watch } = require('./targets');

const USERS = 20;
/** Uploads start this long before the probe, so that it runs with them at full pace. */
const LEAD_MS = 1000;

/** Noise compresses to nothing: a photo-like image near `bytes` long, sized by a trial. */
async function noiseImage(format, bytes) {
  const encode = (side) =>
    sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
      [format](format === 'jpeg' ? { quality: 95 } : { compressionLevel: 1 })
      .toBuffer();
  const trial = await encode(500);
  return encode(Math.round(500 * Math.sqrt(bytes / trial.length)));
}

async function sampleFiles(megabytes) {
  const bytes = Math.round(megabytes * 1e6);
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(bytes - 9)]);
  return [
    { name: 'photo.png', type: 'image/png', image: true, bytes: await noiseImage('png', bytes) },
    { name: 'report.pdf', type: 'application/pdf', image: false, bytes: pdf },
    { name: 'photo.jpg', type: 'image/jpeg', image: true, bytes: await noiseImage('jpeg', bytes) },
    { name: 'data.bin', type: 'application/octet-stream', image: false, bytes: randomBytes(bytes) },
  ];
}

function runUploads(workerData) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'upload-worker.js'), { workerData });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

function summarizeUploads({ results, behind, seconds }) {
  const done = results.filter((r) => r.ok);
  const bytes = done.reduce((sum, r) => sum + r.bytes, 0);
  return {
    uploads: done.length,
    refused: results.length - done.length,
    behind,
    statuses: [...new Set(results.filter((r) => !r.ok).map((r) => r.status))],
    megabytesPerSecond: bytes / 1e6 / seconds,
    latency: clients.summarize(done.map((r) => r.ms)),
    images: done.filter((r) => r.image),
  };
}

/** Closed loop, nothing else running: the MB/s a server stores. */
async function throughput(target, sizes, upload) {
  const stop = watch(target.pid(), target.profiled);
  const result = await runUploads({
    ...upload,
    concurrency: sizes.uploadConcurrency,
    durationMs: sizes.uploadMs,
  });
  return { ...summarizeUploads(result), ...stop() };
}

function probe({ sockets, roomId, sizes }) {
  return clients.fanOut({
    sockets,
    roomId,
    senders: Math.min(10, sockets.length),
    ratePerSecond: sizes.uploadProbe[1],
    durationMs: sizes.fanOutMs,
  });
}

/** The probe with paced uploads beside it, from LEAD_MS before it to its end. */
async function probeWithUploads(target, probed, upload) {
  const { sizes } = probed;
  const uploads = runUploads({
    ...upload,
    // Room for the uploads a slow server has not answered yet, so the pace holds.
    concurrency: 4 * sizes.uploadConcurrency,
    paceMBps: sizes.uploadPaceMBps,
    durationMs: sizes.fanOutMs + LEAD_MS,
  });
  await new Promise((resolve) => setTimeout(resolve, LEAD_MS));
  const stop = watch(target.pid(), target.profiled);
  const run = await probe(probed);
  const usage = stop();
  return { probe: { ...run, ...usage }, uploads: summarizeUploads(await uploads) };
}

/** Polls each image until its thumbnail is there; returns how many lacked one and the wait. */
async function thumbnailsDone(url, images) {
  const pending = new Set(images.filter((r) => !r.thumbnailReady));
  const atWindowEnd = pending.size;
  const startedAt = clients.now();
  while (pending.size > 0 && clients.now() - startedAt < 60_000) {
    for (const image of [...pending]) {
      const response = await fetch(`${url}/api/files/${image.id}`, {
        headers: { authorization: `Bearer ${image.token}` },
      });
      if ((await response.json()).thumbnailUrl) pending.delete(image);
    }
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { atWindowEnd, stillPending: pending.size, waitMs: clients.now() - startedAt };
}

async function baseline(sizes, files) {
  const target = await startBaseline();
  try {
    const upload = { url: target.url, path: '/upload', tokens: [undefined], files };
    const max = await throughput(target, sizes, upload);
    const sockets = await clients.connect(target.url, sizes.uploadProbe[0]);
    await clients.joinAll(sockets, () => 'room-0');
    const paced = await probeWithUploads(target, { sockets, roomId: 'room-0', sizes }, upload);
    clients.closeAll(sockets);
    return { max, paced };
  } finally {
    await target.stop();
  }
}

async function onEngine(engine, sizes, files) {
  const schema = engine === 'PostgreSQL' ? await postgresSchema() : null;
  if (engine === 'PostgreSQL' && !schema) return null;
  const target = await startOurs(schema ? { postgresSchema: schema } : {});
  try {
    const [members] = sizes.uploadProbe;
    const tokens = await clients.ourTokens(target.url, Math.min(members, USERS), 'u');
    const room = await clients.createRoom(target.url, tokens[0], `uploads ${Date.now()}`);
    const sockets = await clients.connect(target.url, members, tokens);
    await clients.joinAll(sockets, () => room.id);
    const upload = { url: target.url, path: `/api/rooms/${room.id}/files`, tokens, files };
    const max = await throughput(target, sizes, upload);
    const thumbnails = await thumbnailsDone(target.url, max.images);
    const paced = await probeWithUploads(target, { sockets, roomId: room.id, sizes }, upload);
    clients.closeAll(sockets);
    console.log(
      `  ${engine}: ${max.megabytesPerSecond.toFixed(1)} MB/s stored; probe p99 ${paced.probe.latency.p99} ms with uploads at ${sizes.uploadPaceMBps} MB/s`,
    );
    return { max, thumbnails, paced };
  } finally {
    await target.stop();
  }
}

/** Runs the scenario (bare, SQLite, PostgreSQL) and pushes its rows; returns the raw figures. */
async function uploads(sizes, rows) {
  const files = await sampleFiles(sizes.uploadMB);
  const bare = await baseline(sizes, files);
  const raw = {
    files: files.map(({ name, bytes }) => ({ name, bytes: bytes.length })),
    baseline: stripImages(bare),
  };
  const [members, rate] = sizes.uploadProbe;
  for (const engine of ['SQLite', 'PostgreSQL']) {
    const result = await onEngine(engine, sizes, files);
    raw[engine] = result ? stripImages(result) : { skipped: true };
    if (!result) {
      rows.push(
        notRunRow(
          `uploads (${engine})`,
          '≥ 50 MB/s, none refused; while uploading, the fan-out target',
        ),
      );
      continue;
    }
    const { max, thumbnails, paced } = result;
    const label = `uploads (${engine}) of ~${sizes.uploadMB} MB files, half PNG/JPEG photos`;
    rows.push({
      scenario: label,
      metric: `stored MB/s, ${sizes.uploadConcurrency} uploads at once · bare HTTP sink beside`,
      ours: max.megabytesPerSecond,
      baseline: bare.max.megabytesPerSecond,
      ratio: max.megabytesPerSecond / bare.max.megabytesPerSecond,
      target: '≥ 50 MB/s, none refused',
      holds: max.megabytesPerSecond >= 50 && max.refused === 0,
    });
    rows.push({
      scenario: label,
      metric: 'one upload p50 / p99 (ms) · bare beside',
      ours: `${max.latency.p50} / ${max.latency.p99}`,
      baseline: `${bare.max.latency.p50} / ${bare.max.latency.p99}`,
      ratio: null,
    });
    rows.push({
      scenario: label,
      metric: 'server CPU per stored MB (ms) · bare beside',
      ours: (max.cpuPercent * 10) / max.megabytesPerSecond,
      baseline: (bare.max.cpuPercent * 10) / bare.max.megabytesPerSecond,
      ratio: null,
    });
    rows.push({
      scenario: label,
      metric: 'images answered without a thumbnail · ms until all had one',
      ours: `${thumbnails.atWindowEnd} of ${max.images.length} · ${Math.round(thumbnails.waitMs)}${thumbnails.stillPending ? ` (${thumbnails.stillPending} never)` : ''}`,
      baseline: null,
      ratio: null,
    });
    const probeLabel = `fan-out ${members} clients × ${rate} msg/s (${engine}) while ~${sizes.uploadMB} MB uploads arrive at ${sizes.uploadPaceMBps} MB/s`;
    const ratio = paced.probe.latency.p99 / bare.paced.probe.latency.p99;
    const keptPace = paced.uploads.refused === 0 && paced.uploads.behind === 0;
    rows.push({
      scenario: probeLabel,
      metric: 'p99 latency (ms) · bare Socket.IO beside its sink taking the same uploads',
      ours: paced.probe.latency.p99,
      baseline: bare.paced.probe.latency.p99,
      ratio,
      target: '≤ 2 × baseline and 0 loss (the fan-out target), every upload stored',
      holds: ratio <= 2 && paced.probe.loss === 0 && keptPace,
    });
    rows.push({
      scenario: probeLabel,
      metric: 'loss (%) · bare beside',
      ours: paced.probe.loss * 100,
      baseline: bare.paced.probe.loss * 100,
      ratio: null,
    });
    rows.push({
      scenario: probeLabel,
      metric: 'uploads stored · refused · behind the pace',
      ours: `${paced.uploads.uploads} · ${paced.uploads.refused} · ${paced.uploads.behind}`,
      baseline: `${bare.paced.uploads.uploads} · ${bare.paced.uploads.refused} · ${bare.paced.uploads.behind}`,
      ratio: null,
    });
    rows.push({
      scenario: probeLabel,
      metric: 'server CPU (%) · bare beside',
      ours: paced.probe.cpuPercent,
      baseline: bare.paced.probe.cpuPercent,
      ratio: null,
    });
  }
  return raw;
}

/** The raw figures without the per-image lists (ids and tokens). */
function stripImages(result) {
  const strip = ({ images, ...figures }) => ({ ...figures, images: images.length });
  return {
    ...result,
    ...(result.max && { max: strip(result.max) }),
    ...(result.paced && { paced: { ...result.paced, uploads: strip(result.paced.uploads) } }),
  };
}

module.exports = { uploads };
