import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BenchResults } from './results.schema';

interface Row {
  scenario: string;
  figure: string;
  reference: string;
  ratio: string;
  goal: string;
}

const n = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => `${value} ms`;

/**
 * The probes' commit → durable time after each stage, with how many probes each stage reported
 * under their own trace id, e.g. "; commit → durable after each stage, p50 / p99 (probes):
 * capture 8 / 20 ms (554), …".
 */
const stageSplit = (stages: BenchResults['latency']['stages']): string => {
  const figures = Object.entries(stages).map(([stage, p]) => `${stage} ${p.p50} / ${p.p99} ms (${n(p.count)})`);
  return figures.length ? `; commit → durable after each stage, p50 / p99 (probes): ${figures.join(', ')}` : '';
};

/** One row per figure, each beside the reference measured in the same run. */
export function benchRows(results: BenchResults): Row[] {
  const { throughput: t, latency: l, cpu: u, capture: c, reindex: r, search: s, api: a, memory: m } = results;
  const split = u.byProcessMicrosPerRow ? ` (${Object.entries(u.byProcessMicrosPerRow).map(([group, micros]) => `${group} ${n(micros)}`).join(', ')})` : '';
  const best = Math.max(t.sustainedRowsPerSecond, t.drainRowsPerSecond);
  return [
    { scenario: '1 throughput (row changes/s)', figure: `${n(t.sustainedRowsPerSecond)} sustained (lag ≤ ${t.lagBoundMs / 1000} s), ${n(t.drainRowsPerSecond)} drain`, reference: `PostgreSQL alone: ${n(t.referenceMixRowsPerSecond)} (same mix), ${n(t.referenceSingleRowCommitsPerSecond)} single-row commits/s`, ratio: `${(best / t.referenceMixRowsPerSecond).toFixed(2)} / ${t.ratioToSingleRowCommits.toFixed(2)}`, goal: '≥ 0.5 × single-row commits' },
    { scenario: `2 commit→searchable @ ${n(l.offeredRowsPerSecond)}/s`, figure: `p50 ${ms(l.p50)}, p95 ${ms(l.p95)}, p99 ${ms(l.p99)}, max ${ms(l.max)} (${n(l.count)} probes${l.timedOut ? `, ${l.timedOut} timed out` : ''}${l.firstReadError ? `, first failed read: ${l.firstReadError}` : ''}; ${n(l.committedRowsPerSecond)} rows/s committed)${stageSplit(l.stages)}`, reference: `select 1: p50 ${ms(l.referenceRoundTrip.p50)}, p99 ${ms(l.referenceRoundTrip.p99)}`, ratio: '', goal: 'p50 ≤ 50 ms, p99 ≤ 250 ms' },
    { scenario: `2 CPU per row change @ ${n(u.offeredRowsPerSecond)}/s`, figure: `${n(u.machineMicrosPerRow)} µs, all cores${split}`, reference: `PostgreSQL alone, same load: ${n(u.referenceMachineMicrosPerRow)} µs`, ratio: `${(u.machineMicrosPerRow / Math.max(u.referenceMachineMicrosPerRow, 1)).toFixed(1)}×`, goal: '' },
    { scenario: '3 capture (events/s)', figure: n(c.captureEventsPerSecond), reference: `PostgreSQL pgoutput decoding: ${n(c.referenceDecodeEventsPerSecond)}`, ratio: c.ratio.toFixed(2), goal: '≥ 0.3' },
    { scenario: `4 reindex ${n(r.documents)} deliveries`, figure: `${n(r.docsPerSecond)} docs/s`, reference: `document read alone: ${n(r.referenceReadDocsPerSecond)} docs/s`, ratio: r.ratio.toFixed(2), goal: '≥ 10,000 docs/s' },
    ...(['freeText', 'fieldQuery', 'facetedFilter'] as const).map((shape) => ({
      scenario: `5 search ${shape} (${n(s.documents)} docs)`, figure: `p50 ${ms(s[shape].p50)}, p99 ${ms(s[shape].p99)}`, reference: `select 1: p50 ${ms(s.referenceRoundTrip.p50)}, p99 ${ms(s.referenceRoundTrip.p99)}`, ratio: '', goal: 'p99 ≤ 50 ms',
    })),
    { scenario: `6 POST /api/deliveries ×${a.connections}`, figure: `p50 ${ms(a.createDelivery.p50)}, p99 ${ms(a.createDelivery.p99)}, ${n(a.createDelivery.requestsPerSecond)} req/s, ${a.createDelivery.non2xx} non-2xx`, reference: `GET /health: p50 ${ms(a.referenceHealth.p50)}, p99 ${ms(a.referenceHealth.p99)}, ${n(a.referenceHealth.requestsPerSecond)} req/s`, ratio: '', goal: 'p99 ≤ 30 ms' },
    { scenario: `6 GET /api/search/deliveries ×${a.connections}`, figure: `p50 ${ms(a.searchDeliveries.p50)}, p99 ${ms(a.searchDeliveries.p99)}, ${n(a.searchDeliveries.requestsPerSecond)} req/s, ${a.searchDeliveries.non2xx} non-2xx`, reference: 'as above', ratio: '', goal: '' },
    { scenario: '7 peak RSS', figure: `worker ${m.workerPeakRssMb} MB, server ${m.serverPeakRssMb} MB`, reference: '', ratio: '', goal: 'worker ≤ 300 MB' },
  ];
}

export function printBench(results: BenchResults): void {
  console.log(`\nDelivery System Manager bench — ${results.startedAt}, ${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node}`);
  console.table(benchRows(results));
  if (results.cpu.topStatements) console.table(results.cpu.topStatements);
}

/** latest.json (machine-readable) and a dated markdown report beside it. */
export async function writeBench(results: BenchResults, outDir: string): Promise<{ json: string; markdown: string }> {
  await mkdir(outDir, { recursive: true });
  const json = path.join(outDir, 'latest.json');
  const markdown = path.join(outDir, `bench-${results.startedAt.slice(0, 16).replace(/[:T]/g, '-')}.md`);
  await writeFile(json, `${JSON.stringify(results, null, 2)}\n`);
  const rows = benchRows(results);
  const lines = [
    `# Bench ${results.startedAt}`, '',
    `Machine: ${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGb} GB, Node ${results.machine.node}, ${results.machine.platform}.`,
    `Sizes: ${Object.entries(results.sizes).map(([key, value]) => `${key}=${value}`).join(', ')}. Run took ${results.durationSeconds} s.`, '',
    '| scenario | figure | reference (same run) | ratio | goal |', '|---|---|---|---|---|',
    ...rows.map((row) => `| ${row.scenario} | ${row.figure} | ${row.reference} | ${row.ratio} | ${row.goal} |`), '',
    '## Throughput steps', '', '| offered rows/s | committed rows/s | lag after the step | sustained |', '|---|---|---|---|',
    ...results.throughput.steps.map((step) => `| ${n(step.offeredRowsPerSecond)} | ${n(step.committedRowsPerSecond)} | ${ms(step.lagAfterMs)} | ${step.sustained ? 'yes' : 'no'} |`), '',
    `Capture reference: ${results.capture.reference}.`, '',
    ...(results.cpu.topStatements ? [
      '## Top statements during the CPU scenario', '', 'Execution time, waits included, per row change of the load (pg_stat_statements).', '',
      '| database | calls | µs per row change | mean ms | statement |', '|---|---|---|---|---|',
      ...results.cpu.topStatements.map((row) => `| ${row.database} | ${n(row.calls)} | ${n(row.microsPerRow)} | ${row.meanMs} | \`${row.query.replaceAll('|', '\\|').replaceAll('`', "'")}\` |`), '',
    ] : []),
  ];
  await writeFile(markdown, lines.join('\n'));
  return { json, markdown };
}
