import { Command } from 'commander';
import { integerAtLeast } from './cli-options';
import path from 'node:path';
import { openBenchContext } from './bench.context';
import { printBench, writeBench } from './report/bench.report';
import { describeMachine } from './report/machine';
import { phaseProgress } from './report/progress';
import { BenchResultsSchema, type BenchResults } from './report/results.schema';
import { measureApi } from './scenarios/api.scenario';
import { bulkLoadDeliveries } from './scenarios/bulk-load';
import { measureCapture } from './scenarios/capture.scenario';
import { measureCpu } from './scenarios/cpu.scenario';
import { measureReindex, measureSearch } from './scenarios/index.scenario';
import { measureLatency } from './scenarios/latency.scenario';
import { enableStatementStats } from './scenarios/statements';
import { measureThroughput } from './scenarios/throughput.scenario';

const positive = integerAtLeast(1);

// Full sizes are the issue's; --quick fits in about two minutes; --tiny is the smoke spec's.
const PRESETS = {
  full: { deliveries: 1_000_000, stepSeconds: 20, latencyRate: 1000, latencySeconds: 30, cpuRate: 800, cpuSeconds: 30, connections: 8, apiConnections: 100, apiSeconds: 10, searchIterations: 300 },
  quick: { deliveries: 20_000, stepSeconds: 5, latencyRate: 500, latencySeconds: 8, cpuRate: 400, cpuSeconds: 8, connections: 8, apiConnections: 100, apiSeconds: 3, searchIterations: 60 },
  tiny: { deliveries: 300, stepSeconds: 1, latencyRate: 200, latencySeconds: 1, cpuRate: 100, cpuSeconds: 1, connections: 2, apiConnections: 10, apiSeconds: 1, searchIterations: 5 },
};
type Sizes = typeof PRESETS.full;

const program = new Command('bench')
  .description('Delivery System Manager benchmark: each figure beside PostgreSQL\'s own, measured in the same run')
  .option('--quick', 'small sizes, about two minutes')
  .option('--tiny', 'smallest sizes (the smoke test)')
  .option('--deliveries <n>', 'deliveries for reindex and search', positive)
  .option('--step-seconds <n>', 'seconds per throughput step', positive)
  .option('--latency-rate <n>', 'row changes/s for the latency scenario', positive)
  .option('--latency-seconds <n>', 'seconds of the latency scenario', positive)
  .option('--cpu-rate <n>', 'row changes/s for the CPU-per-change scenario', positive)
  .option('--cpu-seconds <n>', 'seconds of the CPU-per-change scenario', positive)
  .option('--connections <n>', 'database connections of the write workload', positive)
  .option('--api-connections <n>', 'concurrent HTTP clients', positive)
  .option('--api-seconds <n>', 'seconds per API endpoint', positive)
  .option('--search-iterations <n>', 'queries per search shape', positive)
  .option('--statements', 'load pg_stat_statements (restarts the embedded PostgreSQL) and report the top statements of the CPU scenario')
  .option('--out <dir>', 'results folder', path.resolve('bench/results'));

async function run(sizes: Sizes, outDir: string, statements: boolean): Promise<BenchResults> {
  const startedAt = new Date();
  const context = await openBenchContext();
  try {
    if (statements) await enableStatementStats(context);
    await context.startWorker();
    const fractions = sizes.stepSeconds <= 1 ? [0.5] : sizes.stepSeconds <= 5 ? [0.3, 0.6] : [0.25, 0.5, 0.75, 1];
    const refineSteps = sizes.stepSeconds <= 1 ? 0 : sizes.stepSeconds <= 5 ? 1 : 2;
    const steps = phaseProgress('1 throughput steps');
    steps.start(fractions.length + refineSteps + 1);
    const throughput = await measureThroughput(context, { stepMs: sizes.stepSeconds * 1000, connections: sizes.connections, fractions, refineSteps, lagBoundMs: 2000, onStep: steps.update }).finally(steps.stop);
    console.error('2 commit→searchable latency …');
    const latency = await measureLatency(context, { rate: sizes.latencyRate, durationMs: sizes.latencySeconds * 1000, connections: sizes.connections });
    console.error('2 CPU per row change …');
    const cpu = await measureCpu(context, { rate: sizes.cpuRate, durationMs: sizes.cpuSeconds * 1000, connections: sizes.connections, statements });
    console.error('3 capture vs PostgreSQL decoding …');
    const capture = await measureCapture(context, { durationMs: sizes.stepSeconds * 1000, connections: sizes.connections });
    // Bulk rows bypass the pipeline: the worker stops and its slot goes, so nothing captures them.
    await context.stopWorker();
    await context.dropSlot();
    const load = phaseProgress('4 bulk load');
    load.start(sizes.deliveries);
    await bulkLoadDeliveries(context.pool, sizes.deliveries, load.update).finally(load.stop);
    const bar = phaseProgress('4 reindex');
    const reindex = await measureReindex(context, { onStart: bar.start, onProgress: bar.update }).finally(bar.stop);
    const queries = phaseProgress('5 search');
    queries.start(sizes.searchIterations);
    const search = await measureSearch(context, sizes.searchIterations, queries.update).finally(queries.stop);
    console.error('6 API under autocannon …');
    const api = await measureApi(context, { connections: sizes.apiConnections, durationSeconds: sizes.apiSeconds });
    const results = BenchResultsSchema.parse({
      kind: 'bench', startedAt: startedAt.toISOString(), durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      machine: describeMachine(), sizes, throughput, latency, cpu, capture, reindex, search, api,
      memory: { workerPeakRssMb: context.workerPeakRssMb, serverPeakRssMb: api.serverPeakRssMb },
    });
    const files = await writeBench(results, outDir);
    printBench(results);
    console.log(`\nWrote ${path.relative(process.cwd(), files.json)} and ${path.relative(process.cwd(), files.markdown)}`);
    return results;
  } finally {
    await context.close();
  }
}

program.action(async (flags: Partial<Sizes> & { quick?: boolean; tiny?: boolean; statements?: boolean; out: string }) => {
  const preset = flags.tiny ? PRESETS.tiny : flags.quick ? PRESETS.quick : PRESETS.full;
  const sizes = Object.fromEntries(Object.entries(preset).map(([key, value]) => [key, flags[key as keyof Sizes] ?? value])) as Sizes;
  await run(sizes, flags.out, flags.statements ?? false);
});

program.parseAsync().then(() => process.exit(0), (error: unknown) => {
  console.error(error instanceof Error ? error.stack ?? error.message : String(error));
  process.exit(1);
});
