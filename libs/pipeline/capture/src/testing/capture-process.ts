import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '../../../../..');

export interface CaptureProcess {
  child: ChildProcess;
  /** Resolves with the exit code or signal. */
  exited: Promise<string>;
}

/**
 * Bundles capture-runner.ts once (workspace aliases resolved, packages left to node_modules), so
 * each restart is a plain `node` process: quick to start, and a SIGKILL hits the capture itself
 * rather than a launcher that would leave it running.
 */
export async function buildCaptureRunner(): Promise<string> {
  // Inside the workspace (tmp/ is ignored) so the bundle's imports resolve from node_modules.
  await mkdir(path.join(root, 'tmp'), { recursive: true });
  const outfile = path.join(await mkdtemp(path.join(root, 'tmp', 'capture-runner-')), 'capture-runner.mjs');
  await build({
    entryPoints: [path.join(import.meta.dirname, 'capture-runner.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    tsconfig: path.join(root, 'libs/pipeline/capture/tsconfig.json'),
    logLevel: 'error',
  });
  return outfile;
}

/** Starts the bundled runner in a child process and resolves once it printed "ready". */
export async function spawnCaptureProcess(runner: string, env: { domainUrl: string; logUrl: string; slotName: string }): Promise<CaptureProcess> {
  const child = spawn(process.execPath, [runner], {
    cwd: root,
    env: { ...process.env, DSM_CAPTURE_DOMAIN_URL: env.domainUrl, DSM_CAPTURE_LOG_URL: env.logUrl, DSM_CAPTURE_SLOT: env.slotName },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? String(code))));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    void exited.then((how) => reject(new Error(`capture process exited before it was ready (${how})`)));
  });
  return { child, exited };
}
