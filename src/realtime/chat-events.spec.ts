import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../common/project-root';

describe('chat-events.ts', () => {
  it('is the same file on the server and in the web client, so the two cannot drift apart', () => {
    const server = readFileSync(join(PROJECT_ROOT, 'src', 'realtime', 'chat-events.ts'), 'utf8');
    const client = readFileSync(
      join(PROJECT_ROOT, 'client', 'src', 'app', 'core', 'realtime', 'chat-events.ts'),
      'utf8',
    );
    expect(client).toBe(server);
  });
});
