import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { BenchResultsSchema } from './report/results.schema';

const root = path.resolve(import.meta.dirname, '../..');

// A smoke run of the harness with tiny sizes on its own embedded PostgreSQL: it checks that every
// scenario ran and wrote a well-formed report, never how fast anything was.
describe('npm run bench --tiny', () => {
  let outDir = '';
  afterAll(async () => outDir && rm(outDir, { recursive: true, force: true }));

  it('runs every scenario (with the top statements) and writes latest.json and a dated markdown report', async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), 'dsm-bench-smoke-'));

    await promisify(execFile)(process.execPath, ['bench/run.mjs', 'bench', '--tiny', '--statements', '--out', outDir], { cwd: root, timeout: 85_000 });

    const results = BenchResultsSchema.parse(JSON.parse(await readFile(path.join(outDir, 'latest.json'), 'utf8')));
    expect(results.reindex.documents).toBeGreaterThanOrEqual(300);
    expect(results.latency.count).toBeGreaterThan(0);
    expect(results.latency.firstReadError).toBeNull();
    expect(Object.keys(results.latency.stages)).toEqual(['capture', 'etl', 'view', 'index']);
    // Every stage reports every source transaction, batched or not.
    for (const stage of ['capture', 'etl', 'view', 'index'] as const) expect(results.latency.stages[stage]?.count).toBe(results.latency.count);
    expect(results.cpu.rowChanges).toBeGreaterThan(0);
    expect(results.cpu.machineMicrosPerRow).toBeGreaterThan(0);
    expect(results.cpu.referenceMachineMicrosPerRow).toBeGreaterThan(0);
    expect(Object.keys(results.cpu.byProcessMicrosPerRow ?? {})).toEqual(expect.arrayContaining(['worker', 'PostgreSQL event log']));
    expect(results.cpu.topStatements?.some((statement) => statement.database === 'pipeline' && statement.calls > 0)).toBe(true);
    expect(results.api.createDelivery.non2xx).toBe(0);
    expect(results.api.searchDeliveries.non2xx).toBe(0);
    expect((await readdir(outDir)).filter((file) => /^bench-.*\.md$/.test(file))).toHaveLength(1);
  });
});
