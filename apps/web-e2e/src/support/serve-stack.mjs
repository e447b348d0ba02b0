// Runs `node dist/apps/server/main.mjs` (what `npm start` runs after building) for the end-to-end
// suite, passes SIGTERM on so PostgreSQL stops cleanly, then deletes the throw-away DATA_DIR.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';

const dataDir = process.env.DATA_DIR;
const server = spawn(process.execPath, ['dist/apps/server/main.mjs'], { stdio: 'inherit', env: process.env });

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.kill(signal));

server.on('exit', (code, signal) => {
  if (dataDir && dataDir.includes('dsm-e2e-')) rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? (signal ? 1 : 0));
});
