import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { percentiles } from './histogram';

const FaultRecordSchema = z.object({
  kind: z.string(),
  converged: z.boolean(),
  /** Until a drain marker written after the fault was searchable (then verified clean). */
  convergeMs: z.number(),
  /** The clean verify that followed: every document against PostgreSQL. */
  verifyMs: z.number(),
  missing: z.number(), stale: z.number(), extra: z.number(),
  workerRestarts: z.number(),
  /** Set when it did not converge: the last failure seen while waiting. */
  lastError: z.string().optional(),
  deadLettered: z.number(),
  poisonDeadLettered: z.number().optional(),
  replayed: z.number().optional(),
  stageContinued: z.boolean().optional(),
  alarmRaised: z.boolean().optional(),
  captureWarned: z.boolean().optional(),
  retainedWalBytes: z.number().optional(),
  alarmThresholdBytes: z.number().optional(),
  crashRecovery: z.boolean().optional(),
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
  verifyMs: z.object({ p50: z.number(), max: z.number() }),
  faults: z.array(FaultRecordSchema),
});
export type ChaosResults = z.infer<typeof ChaosResultsSchema>;

export function summarizeConvergence(faults: FaultRecord[]) {
  const summary = (values: number[]) => {
    const { p50, max } = percentiles(values);
    return { p50: Math.round(p50), max: Math.round(max) };
  };
  return { convergeMs: summary(faults.map((fault) => fault.convergeMs)), verifyMs: summary(faults.map((fault) => fault.verifyMs)) };
}

export function printChaos(results: ChaosResults): void {
  console.log(`\nDelivery System Manager chaos — ${results.startedAt}, ${results.machine.cpus} × ${results.machine.cpuModel}`);
  console.table([{
    faults: Object.entries(results.faultsInjected).map(([kind, count]) => `${kind} ×${count}`).join(', '),
    'changes written': results.changesWritten, lost: results.final.lost, stale: results.final.stale, extra: results.final.extra,
    "DLQ'd": results.deadLettered, recovered: results.recovered, 'converge p50 ms': results.convergeMs.p50, 'converge max ms': results.convergeMs.max, 'verify p50 ms': results.verifyMs.p50,
  }]);
  const notable = results.faults.filter((fault) => fault.kind !== 'sigkill-worker' || !fault.converged);
  if (notable.length) console.table(notable.map((fault) => Object.fromEntries(Object.entries(fault).filter(([, value]) => value !== undefined))));
}

export async function writeChaos(results: ChaosResults, outDir: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, 'chaos-latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  const markdown = path.join(outDir, `chaos-${results.startedAt.slice(0, 16).replace(/[:T]/g, '-')}.md`);
  const faultRows = results.faults.map((fault) => `| ${fault.kind} | ${fault.converged ? 'yes' : `NO${fault.lastError ? ` (last failure: ${fault.lastError.replaceAll('|', '/')})` : ''}`} | ${Math.round(fault.convergeMs)} | ${Math.round(fault.verifyMs)} | ${fault.missing}/${fault.stale}/${fault.extra} | ${fault.deadLettered ?? ''} | ${fault.alarmRaised ?? ''} | ${fault.crashRecovery ?? ''} |`);
  await writeFile(markdown, [
    `# Chaos ${results.startedAt}`, '',
    `Machine: ${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node}. Run took ${results.durationSeconds} s.`, '',
    'Converge: from the end of a fault until a change written after it is searchable, with `dsm verify` then finding every document equal to PostgreSQL (verify\'s own time is the verify column).', '',
    '| faults injected | changes written | lost | stale | extra | DLQ\'d | recovered | converge p50 | converge max | verify p50 |', '|---|---|---|---|---|---|---|---|---|---|',
    `| ${Object.entries(results.faultsInjected).map(([kind, count]) => `${kind} ×${count}`).join(', ')} | ${results.changesWritten} | ${results.final.lost} | ${results.final.stale} | ${results.final.extra} | ${results.deadLettered} | ${results.recovered} | ${results.convergeMs.p50} ms | ${results.convergeMs.max} ms | ${results.verifyMs.p50} ms |`, '',
    '| fault | converged | ms to converge | ms to verify | missing/stale/extra after | DLQ\'d | slot alarm | WAL replayed |', '|---|---|---|---|---|---|---|---|', ...faultRows, '',
  ].join('\n'));
  return markdown;
}
