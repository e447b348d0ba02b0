import type { BenchContext } from '../bench.context';
import { percentiles, round, type Percentiles } from '../report/histogram';
import { runLoad } from '../workload/load.runner';
import { indexLatencies, stageEventOffsets, waitForDrain } from './pipeline.probe';

export interface LatencyFigures extends Percentiles {
  offeredRowsPerSecond: number;
  committedRowsPerSecond: number;
  /** Reference: a plain `select 1` round trip to the same server, same moment (ms). */
  referenceRoundTrip: Percentiles;
}

/** Commit→searchable latency of delivery documents at a fixed offered rate. */
export async function measureLatency(context: BenchContext, options: { rate: number; durationMs: number; connections: number }): Promise<LatencyFigures> {
  const from = await stageEventOffsets(context.log, context.prefix);
  const roundTrips: number[] = [];
  const load = runLoad(context.pool, context.state, { rate: options.rate, durationMs: options.durationMs, connections: options.connections });
  const probe = (async () => {
    const end = performance.now() + options.durationMs;
    while (performance.now() < end) {
      const started = performance.now();
      await context.pool.query('select 1');
      roundTrips.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const [result] = await Promise.all([load, probe]);
  await waitForDrain(context.pool, context.search, context.state);
  return {
    ...percentiles(await indexLatencies(context.log, context.prefix, from)),
    offeredRowsPerSecond: options.rate,
    committedRowsPerSecond: round(result.rowChanges / (result.elapsedMs / 1000), 0),
    referenceRoundTrip: percentiles(roundTrips),
  };
}
