import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type { BenchContext } from '../bench.context';
import { runLoad } from '../workload/load.runner';
import type { WorkloadState } from '../workload/transactions';
import { waitForDrain, waitForQuiescence } from './pipeline.probe';
import { databaseRoles, resetStatementStats, topStatements, type StatementFigure } from './statements';

export interface CpuFigures {
  offeredRowsPerSecond: number;
  /** Row changes the measured load committed (pipeline run). */
  rowChanges: number;
  /** Busy time of every core (all processes and the kernel) per row change committed. */
  machineMicrosPerRow: number;
  /** The same load on the reference database, no pipeline: PostgreSQL's own cost. */
  referenceMachineMicrosPerRow: number;
  /** Per process group; null when PostgreSQL is not the embedded one on this machine. */
  byProcessMicrosPerRow: Record<string, number> | null;
  /** With `--statements`: what PostgreSQL spent its execution time on in the pipeline run. */
  topStatements: StatementFigure[] | null;
}

/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

/** Busy ticks of all cores so far (everything but idle and I/O wait), from /proc/stat. */
function machineBusyTicks(): number {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  return user + nice + system + irq + softirq + steal;
}

/** User + system ticks of one process so far; 0 once it has exited. */
function processTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

interface Backend {
  pid: number;
  group: string;
}

/** PostgreSQL's processes by what they do for the pipeline (their databases and application names). */
async function backends(pool: pg.Pool, context: BenchContext): Promise<Backend[]> {
  const roles = databaseRoles(context);
  const { rows } = await pool.query<{ pid: number; datname: string | null; app: string; type: string }>(
    'select pid, datname, application_name as app, backend_type as type from pg_stat_activity',
  );
  return rows.map(({ pid, datname, app, type }) => {
    if (type === 'walsender') return { pid, group: 'PostgreSQL WAL sender' };
    if (app === 'dsm-search') return { pid, group: 'PostgreSQL search index' };
    if (app === 'dsm-view') return { pid, group: 'PostgreSQL view reads' };
    const role = datname === null ? undefined : roles.get(datname);
    if (type === 'client backend' && role === 'pipeline') return { pid, group: 'PostgreSQL event log' };
    if (type === 'client backend' && role) return { pid, group: 'PostgreSQL load statements' };
    return { pid, group: 'PostgreSQL background' };
  });
}

interface Window {
  rows: number;
  machineTicks: number;
  byGroup: Map<string, number> | null;
}

/**
 * Runs the load at `rate` for `durationMs` and waits until the pipeline has applied it; returns
 * the CPU spent meanwhile. Backends that exit in the window take their time with them, so the
 * per-process split can come out a little short of the machine's total.
 */
async function measureWindow(context: BenchContext, pool: pg.Pool, state: WorkloadState, options: { rate: number; durationMs: number; connections: number; drain: boolean }): Promise<Window> {
  const local = context.stack.embedded;
  const before = local ? await backends(context.pool, context) : [];
  const ticksBefore = new Map(before.map((backend) => [backend.pid, processTicks(backend.pid)]));
  const workerPid = context.worker?.pid;
  const workerBefore = workerPid ? processTicks(workerPid) : 0;
  const ownBefore = process.cpuUsage();
  const machineBefore = machineBusyTicks();
  const load = await runLoad(pool, state, { rate: options.rate, durationMs: options.durationMs, connections: options.connections });
  if (options.drain) await waitForDrain(context.pool, context.search, context.state);
  const machineTicks = machineBusyTicks() - machineBefore;
  if (!local) return { rows: load.rowChanges, machineTicks, byGroup: null };
  const own = process.cpuUsage(ownBefore);
  const byGroup = new Map<string, number>([
    ['worker', workerPid ? processTicks(workerPid) - workerBefore : 0],
    ['bench load (this process)', ((own.user + own.system) / 1e6) * TICKS_PER_SECOND],
  ]);
  for (const backend of await backends(context.pool, context)) {
    const spent = processTicks(backend.pid) - (ticksBefore.get(backend.pid) ?? 0);
    byGroup.set(backend.group, (byGroup.get(backend.group) ?? 0) + spent);
  }
  return { rows: load.rowChanges, machineTicks, byGroup };
}

const microsPerRow = (ticks: number, rows: number) => Math.round(((ticks / TICKS_PER_SECOND) * 1e6) / Math.max(rows, 1));

/**
 * CPU per row change at a fixed rate: the whole machine's busy time (and, with the embedded
 * PostgreSQL, each process group's) while the mix runs through the pipeline and until it is
 * searchable, against the same mix at the same rate on the reference database alone.
 */
export async function measureCpu(context: BenchContext, options: { rate: number; durationMs: number; connections: number; statements: boolean }): Promise<CpuFigures> {
  await waitForDrain(context.pool, context.search, context.state);
  await waitForQuiescence(context.log);
  if (options.statements) await resetStatementStats(context);
  const pipeline = await measureWindow(context, context.pool, context.state, { ...options, drain: true });
  const statements = options.statements ? await topStatements(context, pipeline.rows) : null;
  await waitForQuiescence(context.log);
  const reference = await measureWindow(context, context.referencePool, context.referenceState, { ...options, drain: false });
  return {
    offeredRowsPerSecond: options.rate,
    rowChanges: pipeline.rows,
    machineMicrosPerRow: microsPerRow(pipeline.machineTicks, pipeline.rows),
    referenceMachineMicrosPerRow: microsPerRow(reference.machineTicks, reference.rows),
    byProcessMicrosPerRow: pipeline.byGroup
      ? Object.fromEntries([...pipeline.byGroup].filter(([, ticks]) => ticks > 0).sort((a, b) => b[1] - a[1]).map(([group, ticks]) => [group, microsPerRow(ticks, pipeline.rows)]))
      : null,
    topStatements: statements,
  };
}
