import type { BenchContext } from '../bench.context';
import { round } from '../report/histogram';
import { runLoad } from '../workload/load.runner';
import { waitForDrain, waitForQuiescence } from './pipeline.probe';

export interface ThroughputFigures {
  /** PostgreSQL alone, same transaction mix, same connections (row changes/s). */
  referenceMixRowsPerSecond: number;
  /** PostgreSQL alone, one row per commit (commits/s). */
  referenceSingleRowCommitsPerSecond: number;
  steps: { offeredRowsPerSecond: number; committedRowsPerSecond: number; lagAfterMs: number; sustained: boolean }[];
  /** Highest offered rate whose backlog drained within `lagBoundMs`. */
  sustainedRowsPerSecond: number;
  /** Unpaced writes: row changes / (first write → last change searchable). */
  drainRowsPerSecond: number;
  ratioToMix: number;
  ratioToSingleRowCommits: number;
  lagBoundMs: number;
}

export interface ThroughputOptions {
  stepMs: number;
  connections: number;
  /** Offered rates as fractions of the reference mix rate. */
  fractions: number[];
  /**
   * Steps that halve the gap between the highest sustained rate and the first one that was not,
   * once the climb found it: the figure is then within a quarter of a climb step after two.
   */
  refineSteps: number;
  lagBoundMs: number;
  onStep?: (done: number) => void;
}

/** PostgreSQL's own single-row commit rate: autocommitted one-row inserts on the same connections. */
async function singleRowCommitRate(context: BenchContext, durationMs: number, connections: number): Promise<number> {
  let commits = 0;
  const end = performance.now() + durationMs;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < end) {
      await context.referencePool.query("insert into outbox (aggregate_type, aggregate_id, type, payload) values ('bench', '0', 'bench.single', '{}')");
      commits += 1;
    }
  }));
  return commits / (durationMs / 1000);
}

export async function measureThroughput(context: BenchContext, options: ThroughputOptions): Promise<ThroughputFigures> {
  const reference = await runLoad(context.referencePool, context.referenceState, { durationMs: options.stepMs, connections: options.connections });
  const referenceMix = reference.rowChanges / (reference.elapsedMs / 1000);
  const singleRow = await singleRowCommitRate(context, options.stepMs, options.connections);
  const steps: ThroughputFigures['steps'] = [];
  const step = async (offered: number) => {
    const load = await runLoad(context.pool, context.state, { rate: offered, durationMs: options.stepMs, connections: options.connections });
    const loadEnd = performance.now();
    const lag = (await waitForDrain(context.pool, context.search, context.state)) - loadEnd;
    // The next step starts from an idle pipeline: after a step it could not sustain, the stages
    // still finish what they hold once the marker is through, and that work would count against it.
    await waitForQuiescence(context.log);
    steps.push({ offeredRowsPerSecond: offered, committedRowsPerSecond: round(load.rowChanges / (load.elapsedMs / 1000), 0), lagAfterMs: round(lag, 0), sustained: lag <= options.lagBoundMs });
    options.onStep?.(steps.length);
    return lag <= options.lagBoundMs;
  };
  let kept = 0;
  let failed: number | undefined;
  for (const fraction of options.fractions) {
    const offered = Math.round(referenceMix * fraction);
    // The first rate the pipeline cannot keep up with ends the climb: higher ones only pile up backlog.
    if (!(await step(offered))) {
      failed = offered;
      break;
    }
    kept = offered;
  }
  for (let refine = 0; failed !== undefined && refine < options.refineSteps; refine++) {
    const offered = Math.round((kept + failed) / 2);
    if (await step(offered)) kept = offered;
    else failed = offered;
  }
  const start = performance.now();
  const unpaced = await runLoad(context.pool, context.state, { durationMs: options.stepMs, connections: options.connections });
  const drainRate = unpaced.rowChanges / ((await waitForDrain(context.pool, context.search, context.state) - start) / 1000);
  options.onStep?.(steps.length + 1);
  const sustained = Math.max(0, ...steps.filter((step) => step.sustained).map((step) => step.committedRowsPerSecond));
  const best = Math.max(sustained, drainRate);
  return {
    referenceMixRowsPerSecond: round(referenceMix, 0), referenceSingleRowCommitsPerSecond: round(singleRow, 0), steps,
    sustainedRowsPerSecond: sustained, drainRowsPerSecond: round(drainRate, 0),
    ratioToMix: round(best / referenceMix, 3), ratioToSingleRowCommits: round(best / singleRow, 3), lagBoundMs: options.lagBoundMs,
  };
}
