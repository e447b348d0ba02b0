import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { percentiles } from './histogram';

const FaultRecordSchema = z.object({
  kind: z.string(),
  converged: z.boolean(),
  convergeMs: z.number(),
  missing: z.number(), stale: z.number(), extra: z.number(),
  workerRestarts: z.number(),
  deadLettered: z.number(),
  poisonDeadLettered: z.number().optional(),
  replayed: z.number().optional(),
  stageContinued: z.boolean().optional(),
  alarmRaised: z.boolean().optional(),
  captureWarned: z.boolean().optional(),
  retainedWalBytes: z.number().optional(),
  alarmThresholdBytes: z.number().optional(),
});
export type FaultRecord = z.infer<typeof FaultRecordSchema>;

/** bench/results/chaos-latest.json. */
export const ChaosResultsSchema = z.object({
  kind: z.literal('chaos'),
  startedAt: z.string(),
  durationSeconds: z.number(),
  machine: z.object({ cpus: z.number(), cpuModel: z.string(), memoryGb: z.number(), node: z.string(), platform: z.string() }),
  faultsInjected: z.record(z.string(), z.number()),
  changesWritten: z.number(),
  failedWrites: z.number(),
  final: z.object({ lost: z.number(), stale: z.number(), extra: z.number(), documents: z.number(), convergeMs: z.number() }),
  deadLettered: z.number(),
  recovered: z.number(),
  convergeMs: z.object({ p50: z.number(), max: z.number() }),
  faults: z.array(FaultRecordSchema),
});
export type ChaosResults = z.infer<typeof ChaosResultsSchema>;

export function summarizeConvergence(faults: FaultRecord[]) {
  const summary = percentiles(faults.map((fault) => fault.convergeMs));
  return { p50: summary.p50, max: summary.max };
}

export function printChaos(results: ChaosResults): void {
  console.log(`\nDelivery System Manager chaos — ${results.startedAt}, ${results.machine.cpus} × ${results.machine.cpuModel}`);
  console.table([{
    faults: Object.entries(results.faultsInjected).map(([kind, count]) => `${kind} ×${count}`).join(', '),
    'changes written': results.changesWritten, lost: results.final.lost, stale: results.final.stale, extra: results.final.extra,
    "DLQ'd": results.deadLettered, recovered: results.recovered, 'converge p50 ms': results.convergeMs.p50, 'converge max ms': results.convergeMs.max,
  }]);
  const notable = results.faults.filter((fault) => fault.kind !== 'sigkill-worker' || !fault.converged);
  if (notable.length) console.table(notable.map((fault) => Object.fromEntries(Object.entries(fault).filter(([, value]) => value !== undefined))));
}

export async function writeChaos(results: ChaosResults, outDir: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, 'chaos-latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  const markdown = path.join(outDir, `chaos-${results.startedAt.slice(0, 16).replace(/[:T]/g, '-')}.md`);
  const faultRows = results.faults.map((fault) => `| ${fault.kind} | ${fault.converged ? 'yes' : 'NO'} | ${Math.round(fault.convergeMs)} | ${fault.missing}/${fault.stale}/${fault.extra} | ${fault.deadLettered ?? ''} | ${fault.alarmRaised ?? ''} |`);
  await writeFile(markdown, [
    `# Chaos ${results.startedAt}`, '',
    `Machine: ${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node}. Run took ${results.durationSeconds} s.`, '',
    '| faults injected | changes written | lost | stale | extra | DLQ\'d | recovered | converge p50 | converge max |', '|---|---|---|---|---|---|---|---|---|',
    `| ${Object.entries(results.faultsInjected).map(([kind, count]) => `${kind} ×${count}`).join(', ')} | ${results.changesWritten} | ${results.final.lost} | ${results.final.stale} | ${results.final.extra} | ${results.deadLettered} | ${results.recovered} | ${results.convergeMs.p50} ms | ${results.convergeMs.max} ms |`, '',
    '| fault | converged | ms to converge | missing/stale/extra after | DLQ\'d | slot alarm |', '|---|---|---|---|---|---|', ...faultRows, '',
  ].join('\n'));
  return markdown;
}
