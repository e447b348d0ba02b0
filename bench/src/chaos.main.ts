import { Command } from 'commander';
import { integerAtLeast } from './cli-options';
import path from 'node:path';
import { openBenchContext, type BenchContext } from './bench.context';
import { awaitConvergence, verifyAll } from './chaos/convergence';
import { crashPostgres, killWorker, poisonRecords, restartPostgres, searchOutage, slotRetention, type Fault } from './chaos/faults';
import { ChaosResultsSchema, printChaos, summarizeConvergence, writeChaos, type FaultRecord } from './report/chaos.report';
import { describeMachine } from './report/machine';
import { phaseProgress } from './report/progress';
import { runLoad } from './workload/load.runner';
import { readDeadLetters } from '@dsm/eventlog';

const wholeNumber = integerAtLeast(0);

interface ChaosOptions { kills: number; rate: number; outageSeconds: number; poison: number; slotMb: number; convergeSeconds: number; out: string }

const program = new Command('chaos')
  .description('Faults under a steady write load; after each, a drain marker through the pipeline and dsm verify')
  .option('--quick', 'a few faults only (3 SIGKILLs, short outage, small slot threshold)')
  .option('--kills <n>', 'SIGKILLs of the worker', wholeNumber)
  .option('--rate <n>', 'steady write load, row changes/s', wholeNumber)
  .option('--outage-seconds <n>', 'how long the search store is unavailable', wholeNumber)
  .option('--poison <n>', 'poison records', wholeNumber)
  .option('--slot-mb <n>', 'retained-WAL alarm threshold (MB)', wholeNumber)
  .option('--converge-seconds <n>', 'give up waiting for convergence after', wholeNumber)
  .option('--out <dir>', 'results folder', path.resolve('bench/results'));

/** Dead letters of every stage, replayed ones included: what a fault sent to the DLQs. */
async function countDeadLetters(context: BenchContext): Promise<number> {
  let total = 0;
  for (const stage of ['etl', 'view', 'index'] as const) total += (await readDeadLetters(context.log, context.prefix, stage, { includeHandled: true })).length;
  return total;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function plan(options: ChaosOptions): [string, Fault][] {
  const kills = Array.from({ length: options.kills }, (): [string, Fault] => ['sigkill-worker', killWorker]);
  const middle = Math.ceil(kills.length / 2);
  return [
    ...kills.slice(0, middle),
    ['restart-postgres', restartPostgres],
    ['crash-postgres', crashPostgres],
    ['search-outage', searchOutage(options.outageSeconds)],
    ...kills.slice(middle),
    ['poison-records', poisonRecords(options.poison)],
    ['slot-retention', slotRetention(options.slotMb * 1024 * 1024)],
  ];
}

/** One fault under load: the load stops once the fault is over, then verify must come out clean. */
async function injectUnderLoad(context: BenchContext, kind: string, fault: Fault, options: ChaosOptions, totals: { changes: number; failed: number }): Promise<FaultRecord> {
  const lettersBefore = await countDeadLetters(context);
  const stop = new AbortController();
  const load = runLoad(context.pool, context.state, { rate: options.rate, durationMs: 3_600_000, connections: 4, signal: stop.signal });
  await sleep(300 + Math.random() * 1200);
  // What the fault reports besides its timing goes into the record as it is.
  const { since, extraChanges = 0, ...details } = await fault(context).finally(() => stop.abort());
  const written = await load;
  totals.changes += written.rowChanges + extraChanges;
  totals.failed += written.failed;
  const result = await awaitConvergence(context, since, options.convergeSeconds * 1000);
  const deadLettered = (await countDeadLetters(context)) - lettersBefore;
  return { kind, converged: result.converged, convergeMs: Math.round(result.ms), verifyMs: Math.round(result.verifyMs), ...result.differences, workerRestarts: result.workerRestarts, lastError: result.lastError, ...details, deadLettered };
}

async function run(options: ChaosOptions): Promise<void> {
  const startedAt = new Date();
  const context = await openBenchContext();
  const totals = { changes: 0, failed: 0 };
  try {
    await context.startWorker();
    const faults = plan(options);
    const bar = phaseProgress('chaos faults');
    bar.start(faults.length);
    const records: FaultRecord[] = [];
    for (const [kind, fault] of faults) {
      records.push(await injectUnderLoad(context, kind, fault, options, totals));
      bar.update(records.length);
    }
    bar.stop();
    // Quiescence at the end too: a fault that outran its own wait still has to come out clean.
    const settled = await awaitConvergence(context, performance.now(), options.convergeSeconds * 4000);
    const final = settled.converged ? settled.differences : await verifyAll(context);
    const faultsInjected: Record<string, number> = {};
    for (const record of records) faultsInjected[record.kind] = (faultsInjected[record.kind] ?? 0) + 1;
    const results = ChaosResultsSchema.parse({
      kind: 'chaos', startedAt: startedAt.toISOString(), durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000), machine: describeMachine(),
      faultsInjected, changesWritten: totals.changes, failedWrites: totals.failed,
      final: { lost: final.missing, stale: final.stale, extra: final.extra, documents: await context.search.count('deliveries'), convergeMs: Math.round(settled.ms) },
      deadLettered: records.reduce((sum, record) => sum + (record.deadLettered ?? 0), 0),
      // Every dead letter is replayed after the poison fault's fix; a clean final verify means all came in.
      recovered: final.missing + final.stale + final.extra === 0 ? records.reduce((sum, record) => sum + (record.deadLettered ?? 0), 0) : 0,
      ...summarizeConvergence(records), faults: records,
    });
    const markdown = await writeChaos(results, options.out);
    printChaos(results);
    console.log(`\nWrote ${path.relative(process.cwd(), path.join(options.out, 'chaos-latest.json'))} and ${path.relative(process.cwd(), markdown)}`);
    process.exitCode = final.missing + final.stale + final.extra > 0 ? 1 : 0;
  } finally {
    await context.close();
  }
}

program.action(async (flags: Partial<ChaosOptions> & { quick?: boolean; out: string }) => {
  const defaults = flags.quick
    ? { kills: 3, rate: 200, outageSeconds: 3, poison: 3, slotMb: 4, convergeSeconds: 90 }
    : { kills: 100, rate: 500, outageSeconds: 15, poison: 10, slotMb: 16, convergeSeconds: 300 };
  await run({ ...defaults, ...Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined)), out: flags.out } as ChaosOptions);
});

program.parseAsync().then(() => process.exit(process.exitCode ?? 0), (error: unknown) => {
  console.error(error instanceof Error ? error.stack ?? error.message : String(error));
  process.exit(1);
});
