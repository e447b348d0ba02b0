import { AGGREGATES } from '@dsm/contracts';
import { errorMessage } from '@dsm/eventlog';
import { createViewRepository, verifyAggregate } from '@dsm/stages';
import type { BenchContext } from '../bench.context';
import { waitForDrain } from '../scenarios/pipeline.probe';

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

export interface Convergence {
  /** Milliseconds from `since` until a drain marker written after the fault was searchable, for the run of it that verify then found clean. */
  ms: number;
  /** How long that clean verify took (it reads every document, so it grows with the data). */
  verifyMs: number;
  converged: boolean;
  differences: Differences;
  workerRestarts: number;
  /** What failed last while waiting (a marker not through, verify unable to read), when it did not converge. */
  lastError?: string;
}

/**
 * Times how long the pipeline takes to catch up after a fault and proves it did: a drain marker
 * (a change written now) must become searchable, then `dsm verify` must find nothing missing,
 * stale or extra. The time to converge stops at the marker; verify's own duration is reported
 * apart. When verify still finds differences, a new marker and verify follow until clean.
 */
export async function awaitConvergence(context: BenchContext, since: number, timeoutMs: number): Promise<Convergence> {
  let differences: Differences = { missing: -1, stale: -1, extra: -1 };
  let workerRestarts = 0;
  let lastError: string | undefined;
  while (performance.now() - since < timeoutMs) {
    try {
      if (await ensureWorker(context)) workerRestarts += 1;
      const caughtUp = await waitForDrain(context.pool, context.search, context.state, Math.max(1_000, timeoutMs - (performance.now() - since)));
      differences = await verifyAll(context);
      if (!differences.missing && !differences.stale && !differences.extra) {
        return { ms: caughtUp - since, verifyMs: performance.now() - caughtUp, converged: true, differences, workerRestarts };
      }
    } catch (error) {
      // PostgreSQL or the search store may still be coming back: try again, keeping what failed.
      lastError = errorMessage(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { ms: performance.now() - since, verifyMs: 0, converged: false, differences, workerRestarts, lastError };
}
