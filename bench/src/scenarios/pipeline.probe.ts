import { StageEventSchema, stageEventsTopic } from '@dsm/contracts';
import type { EventLog } from '@dsm/eventlog';
import type { SearchIndex } from '@dsm/search';
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
  while (performance.now() < deadline) {
    const stored = await search.get('deliveries', String(id)).catch(() => null);
    if (stored?.document['notes'] === marker) return performance.now();
    await sleep(10);
  }
  throw new Error(`the pipeline did not apply the marker within ${timeoutMs} ms`);
}

/** The current end offset of every partition of the stage-events topic. */
export async function stageEventOffsets(log: EventLog, prefix: string): Promise<Map<number, bigint>> {
  const topic = stageEventsTopic(prefix);
  const info = (await log.listTopics()).find((candidate) => candidate.name === topic);
  const offsets = new Map<number, bigint>();
  for (let partition = 0; partition < (info?.partitions ?? 0); partition++) {
    const last = await log.read(topic, { partition, last: 1 });
    offsets.set(partition, last.length ? BigInt(last[0].offset) + 1n : 0n);
  }
  return offsets;
}

/**
 * Commit→searchable latencies (ms) of the index stage's writes to `deliveries` since `from`: each
 * index stage event carries the time from the source commit to the index write being durable,
 * which for the embedded index is the moment a search can see it.
 */
export async function indexLatencies(log: EventLog, prefix: string, from: Map<number, bigint>): Promise<number[]> {
  const topic = stageEventsTopic(prefix);
  const latencies: number[] = [];
  for (const [partition, start] of from) {
    for (let offset = start; ; ) {
      const page = await log.read(topic, { partition, fromOffset: offset.toString(), limit: 5000 });
      if (!page.length) break;
      for (const record of page) {
        const event = StageEventSchema.safeParse(JSON.parse(record.value ?? 'null'));
        if (event.success && event.data.stage === 'index' && event.data.entity === 'deliveries' && event.data.latencyMs !== null) {
          latencies.push(event.data.latencyMs);
        }
      }
      offset = BigInt(page[page.length - 1].offset) + 1n;
    }
  }
  return latencies;
}
