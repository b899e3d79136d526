// `npm start` on a fresh clone: build once if there is no build yet, so the README's two
// commands (`npm install && npm start`) are enough.
const { existsSync } = require('node:fs');
const { execSync } = require('node:child_process');
const { join } = require('node:path');

if (!existsSync(join(__dirname, '..', 'dist', 'main.js'))) {
  console.log('No build found; building the server first (npm run build)...');
  execSync('npm run build', { stdio: 'inherit', cwd: join(__dirname, '..') });
}
