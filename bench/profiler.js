// Preloaded into our server by `npm run bench -- --profile` (node -r). Each SIGUSR2 toggles
// V8's sampling profiler, so that only a scenario's measurement window is recorded; the
// profile goes to $BENCH_PROFILE_DIR/<pid>-<n>.cpuprofile (open it in Chrome DevTools) and
// bench/profile-summary.js prints where the time went.
const { renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Session } = require('node:inspector');

const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 200 });

let recording = false;
let count = 0;
process.on('SIGUSR2', () => {
  if (!recording) {
    recording = true;
    session.post('Profiler.start');
    return;
  }
  recording = false;
  session.post('Profiler.stop', (error, result) => {
    if (error) return console.error(`profiler: ${error.message}`);
    // Named by process too: each scenario starts a new server, whose count starts again at 1.
    const file = join(process.env.BENCH_PROFILE_DIR, `${process.pid}-${++count}.cpuprofile`);
    // Written whole under a temporary name, then renamed: the bench waits for the name.
    writeFileSync(`${file}.part`, JSON.stringify(result.profile));
    renameSync(`${file}.part`, file);
  });
});
