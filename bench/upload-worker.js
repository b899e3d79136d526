// Runs in a worker thread of the load generator, so that pushing megabytes of uploads does
// not hold up the event loop that times the fan-out probe. Each file is POSTed as multipart
// (field `file`). Closed loop (`concurrency` uploads in flight, the next as soon as one is
// answered) or, with `paceMBps`, open loop: an upload started every file's share of the pace,
// whatever the server does (at most `concurrency` in flight; a start that would pass that is
// counted as behind). Until `durationMs`; then posts every upload's outcome back.
const { parentPort, workerData } = require('node:worker_threads');

const { url, path, tokens, files, concurrency, durationMs, paceMBps } = workerData;

async function upload(file, token) {
  const form = new FormData();
  form.append('file', new Blob([file.bytes], { type: file.type }), file.name);
  const startedAt = performance.now();
  const response = await fetch(url + path, {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: form,
  });
  const body = await response.json().catch(() => ({}));
  return {
    ok: response.status === 201,
    status: response.status,
    ms: performance.now() - startedAt,
    bytes: file.bytes.byteLength,
    image: file.image,
    id: body.id,
    token,
    thumbnailReady: Boolean(body.thumbnailUrl),
  };
}

async function closedLoop(results, startedAt) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, lane) => {
      while (performance.now() - startedAt < durationMs) {
        const n = next++;
        results.push(await attempt(n, tokens[(lane + n) % tokens.length]));
      }
    }),
  );
  return 0;
}

async function openLoop(results, startedAt) {
  const pending = new Set();
  let behind = 0;
  let elapsedMs = 0;
  for (let n = 0; performance.now() - startedAt < durationMs; n++) {
    const dueAt = startedAt + elapsedMs;
    elapsedMs += (files[n % files.length].bytes.byteLength / 1e6 / paceMBps) * 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, dueAt - performance.now())));
    if (pending.size >= concurrency) {
      behind++;
      continue;
    }
    const upload = attempt(n, tokens[n % tokens.length]).then((result) => {
      results.push(result);
      pending.delete(upload);
    });
    pending.add(upload);
  }
  await Promise.all(pending);
  return behind;
}

function attempt(n, token) {
  const file = files[n % files.length];
  return upload(file, token).catch((error) => ({
    ok: false,
    status: String(error),
    bytes: file.bytes.byteLength,
  }));
}

async function main() {
  const results = [];
  const startedAt = performance.now();
  const behind = await (paceMBps ? openLoop : closedLoop)(results, startedAt);
  parentPort.postMessage({ results, behind, seconds: (performance.now() - startedAt) / 1000 });
}

main();
