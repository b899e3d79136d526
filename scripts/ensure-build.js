// `npm start` on a fresh clone: build whatever is missing (server, client), so the README's
// two commands (`npm install && npm start`) are enough.
const { existsSync } = require('node:fs');
const { execSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const builds = [
  { name: 'server', output: join(root, 'dist', 'main.js'), script: 'build:server' },
  {
    name: 'web client',
    output: join(root, 'client', 'dist', 'client', 'browser', 'index.html'),
    script: 'build:client',
  },
];

for (const build of builds) {
  if (existsSync(build.output)) continue;
  console.log(`No ${build.name} build found; building it (npm run ${build.script})...`);
  execSync(`npm run ${build.script}`, { stdio: 'inherit', cwd: root });
}
