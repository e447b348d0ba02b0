import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Logger } from 'pino';

export interface WorkerOptions {
  script: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** First restart delay; doubles per quick crash up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export interface Worker {
  stop(): Promise<void>;
}

/**
 * Node options of the pipeline worker. V8 lets the old generation grow to about four times the
 * live set when the heap limit is 2 GB or more (the default here is 4 GB), and about 1.6 times at
 * 1 GB: under load the worker's live set is 50–70 MB, so its peak RSS fell from 200–260 MB to
 * ~150 MB at the same CPU (bench, 800 row changes/s). 1 GB still leaves room for a capture
 * holding its whole in-flight window of large rows.
 */
export const WORKER_NODE_ARGS = ['--enable-source-maps', '--max-old-space-size=1024'];

const STABLE_AFTER_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * Runs the pipeline worker as a child process and restarts it when it dies, waiting longer
 * after each quick crash so a broken configuration does not spin. Undefined when the script
 * has not been built.
 */
export function superviseWorker(options: WorkerOptions): Worker | undefined {
  if (!existsSync(options.script)) return undefined;
  const initial = options.backoffMs ?? 1000;
  let delay = initial;
  let child: ChildProcess | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopping = false;

  const start = () => {
    const startedAt = Date.now();
    child = spawn(process.execPath, [...WORKER_NODE_ARGS, options.script], { env: options.env, stdio: 'inherit' });
    options.logger.info({ pid: child.pid }, 'pipeline worker started');
    child.once('exit', (code, signal) => {
      child = undefined;
      if (stopping) return;
      delay = Date.now() - startedAt > STABLE_AFTER_MS ? initial : Math.min(delay * 2, options.maxBackoffMs ?? 30_000);
      options.logger.warn({ code, signal, restartInMs: delay }, 'pipeline worker exited; restarting');
      timer = setTimeout(start, delay);
    });
  };
  start();

  return {
    async stop() {
      stopping = true;
      clearTimeout(timer);
      const running = child;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.kill('SIGTERM');
      const force = setTimeout(() => running.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(force);
    },
  };
}
