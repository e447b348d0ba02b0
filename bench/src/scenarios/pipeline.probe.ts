import { errorMessage, type EventLog } from '@dsm/eventlog';
import type { SearchIndex } from '@dsm/search';
import { STAGE_GROUPS } from '@dsm/stages';
import type pg from 'pg';
import type { WorkloadState } from '../workload/transactions';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let markers = 0;

/**
 * Commits a marker (one delivery's notes) after everything written so far and waits until a
 * search returns it: the pipeline then has applied every earlier commit (transactions are
 * captured and applied in commit order). Resolves with performance.now() at that moment.
 */
export async function waitForDrain(pool: pg.Pool, search: SearchIndex, state: WorkloadState, timeoutMs = 600_000): Promise<number> {
  const id = state.deliveries[0];
  if (id === undefined) throw new Error('the workload wrote no delivery to mark');
  const marker = `drain-marker-${process.pid}-${++markers}`;
  await pool.query('update deliveries set notes = $2 where id = $1', [id, marker]);
  const deadline = performance.now() + timeoutMs;
  // A failed read is retried like a miss, but kept: a timeout then says whether reads failed.
  let firstReadError: string | undefined;
  while (performance.now() < deadline) {
    const stored = await search.get('deliveries', String(id)).catch((error: unknown) => {
      firstReadError ??= errorMessage(error);
      return null;
    });
    if (stored?.document['notes'] === marker) return performance.now();
    await sleep(10);
  }
  const reads = firstReadError === undefined ? '' : ` (first failed read: ${firstReadError})`;
  throw new Error(`the pipeline did not apply the marker within ${timeoutMs} ms${reads}`);
}

/**
 * Waits until no stage group has anything left to read or commit (three quiet looks in a row). A
 * drained marker says every earlier commit is applied, not that the stages are idle: records
 * they hold or have not committed yet still cost work that a following measurement would pay.
 */
export async function waitForQuiescence(log: EventLog, timeoutMs = 600_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (let quiet = 0; quiet < 3; ) {
    if (performance.now() > deadline) throw new Error(`the pipeline did not quiesce within ${timeoutMs} ms`);
    const lags = await Promise.all(STAGE_GROUPS.map((group) => log.describeLag(group)));
    quiet = lags.flat().every((partition) => partition.lag === 0) ? quiet + 1 : 0;
    await sleep(200);
  }
}
