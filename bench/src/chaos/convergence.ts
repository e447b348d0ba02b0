import { AGGREGATES } from '@dsm/contracts';
import { createViewRepository, verifyAggregate } from '@dsm/stages';
import type { BenchContext } from '../bench.context';

export interface Differences {
  missing: number;
  stale: number;
  extra: number;
}

/** `dsm verify` for every aggregate (deliveries and orders): documents vs PostgreSQL. */
export async function verifyAll(context: BenchContext): Promise<Differences> {
  const repository = createViewRepository(context.stack.domainUrl);
  try {
    const totals: Differences = { missing: 0, stale: 0, extra: 0 };
    for (const aggregate of AGGREGATES) {
      const report = await verifyAggregate({ repository, search: context.search }, aggregate);
      totals.missing += report.missing.length;
      totals.stale += report.stale.length;
      totals.extra += report.extra.length;
    }
    return totals;
  } finally {
    await repository.close();
  }
}

/** Keeps a worker running: one that died (e.g. its PostgreSQL went away) is started again. */
export async function ensureWorker(context: BenchContext): Promise<boolean> {
  if (context.worker?.alive()) return false;
  await context.stopWorker().catch(() => undefined);
  await context.startWorker();
  return true;
}

/**
 * Waits for quiescence (no writes are running) and then for verify to find nothing missing,
 * stale or extra. Resolves with the milliseconds since `since` and the last differences seen.
 */
export async function awaitConvergence(context: BenchContext, since: number, timeoutMs: number): Promise<{ ms: number; converged: boolean; differences: Differences; workerRestarts: number }> {
  let differences: Differences = { missing: -1, stale: -1, extra: -1 };
  let workerRestarts = 0;
  while (performance.now() - since < timeoutMs) {
    try {
      if (await ensureWorker(context)) workerRestarts += 1;
      differences = await verifyAll(context);
      if (!differences.missing && !differences.stale && !differences.extra) {
        return { ms: performance.now() - since, converged: true, differences, workerRestarts };
      }
    } catch {
      // PostgreSQL may still be coming back: try again.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { ms: performance.now() - since, converged: false, differences, workerRestarts };
}
