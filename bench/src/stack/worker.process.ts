import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { WORKER_NODE_ARGS } from '@dsm/server-api';

/** The bundled worker (dist/bench/worker.main.mjs) as a child process. */
export interface WorkerProcess {
  readonly pid: number;
  /** Peak resident set size so far (VmHWM), in MB. */
  peakRssMb(): number;
  /** Lines the worker wrote to stderr (pino JSON), e.g. to find the slot retention warning. */
  logLines(): string[];
  /** False once the process exited (PostgreSQL restarts may end it; chaos then starts another). */
  alive(): boolean;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export interface WorkerEnv {
  domainUrl: string;
  pipelineUrl: string;
  slotName: string;
  walWarnBytes?: number;
  stages?: 'all' | 'capture';
}

const WORKER_SCRIPT = path.join(import.meta.dirname, 'worker.main.mjs');

export async function spawnWorker(env: WorkerEnv, script = WORKER_SCRIPT): Promise<WorkerProcess> {
  // The product's worker options (its heap limit shapes the peak RSS the bench reports).
  const child = spawn(process.execPath, [...WORKER_NODE_ARGS, script], {
    env: {
      ...process.env, DOMAIN_URL: env.domainUrl, PIPELINE_URL: env.pipelineUrl, SLOT_NAME: env.slotName,
      STAGES: env.stages ?? 'all',
      ...(env.walWarnBytes ? { WAL_WARN_BYTES: String(env.walWarnBytes) } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForReady(child, lines);
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, readPeakRss(child.pid));
  };
  const timer = setInterval(sample, 250);
  timer.unref();
  return {
    pid: child.pid ?? 0,
    peakRssMb: () => (sample(), peak),
    logLines: () => lines,
    alive: () => child.exitCode === null && child.signalCode === null,
    async kill(signal) {
      sample();
      clearInterval(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

function waitForReady(child: ChildProcess, lines: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`bench worker exited (${code}) before ready: ${lines.slice(-5).join('\n')}`)));
  });
}

/** VmHWM from /proc (Linux): the kernel's own high-water mark, so short peaks are not missed. */
function readPeakRss(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}
