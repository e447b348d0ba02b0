import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { ADMIN, ADMIN_STATE } from './src/support/users';

// The real stack as `npm start` runs it (embedded PostgreSQL, API, pipeline worker, built web app),
// on free ports and a throw-away data directory. Workers re-read this file, so the choices are
// made once and passed on through the environment.
const root = path.resolve(__dirname, '../..');
// A task runner may preload modules that print (NODE_OPTIONS): the probe runs without them, so its
// output is the port alone; anything else is a broken probe, not a port to start on. It writes the
// bare digits: console.log colours a number when the runner sets FORCE_COLOR.
function freePort(): string {
  const output = execFileSync(
    process.execPath,
    ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"],
    { env: { ...process.env, NODE_OPTIONS: '' } },
  ).toString();
  if (!/^\d+$/.test(output.trim())) throw new Error(`The free-port probe printed no port, but: ${JSON.stringify(output)}`);
  return output.trim();
}
const port = (process.env['E2E_PORT'] ??= freePort());
const pgPort = (process.env['E2E_PG_PORT'] ??= freePort());
const dataDir = (process.env['E2E_DATA_DIR'] ??= path.join(os.tmpdir(), `dsm-e2e-${Date.now()}-${process.pid}`));
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './src',
  outputDir: path.join(root, 'tmp/e2e-artifacts'),
  fullyParallel: false,
  workers: 1,
  retries: process.env['CI'] ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: path.join(root, 'tmp/test-results/web-e2e.json') }]],
  use: {
    baseURL,
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    {
      name: 'chromium',
      testMatch: /\.spec\.ts/,
      dependencies: ['setup'],
      use: { storageState: ADMIN_STATE, viewport: { width: 1280, height: 900 } },
    },
  ],
  webServer: {
    command: 'node apps/web-e2e/src/support/serve-stack.mjs',
    cwd: root,
    url: `${baseURL}/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    env: {
      PORT: port,
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: pgPort,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SESSION_SECRET: 'e2e-session-secret-that-is-long-enough-0123456789',
      LOG_LEVEL: 'warn',
      // The worker's mail catcher binds free ports (0) so a catcher or mail server already on
      // 1025/1080 does not stop the stack; no test reads the inbox over HTTP.
      MAILBOX_SMTP_PORT: '0',
      MAILBOX_HTTP_PORT: '0',
    },
  },
});
