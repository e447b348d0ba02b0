import { randomBytes } from 'node:crypto';
import type { Batch, BatchResult, ConsumedRecord, EventLog, OutgoingRecord } from '../eventlog.port';

/** A name no other test uses (topics and groups live as long as the database or broker). */
export const uniqueName = (base: string): string => `${base}-${randomBytes(4).toString('hex')}`;

/** Polls until `probe` returns something truthy; a deadline, not a timing assertion. */
export async function waitFor<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export const recordId = (r: Pick<ConsumedRecord, 'topic' | 'partition' | 'offset'>): string => `${r.topic}/${r.partition}/${r.offset}`;

/** Collects every delivered batch; an optional `decide` can fail a batch or leave records pending. */
export function createCollector(decide?: (batch: Batch, call: number) => Promise<void | BatchResult> | void | BatchResult) {
  const batches: ConsumedRecord[][] = [];
  return {
    batches,
    records: () => batches.flat(),
    values: () => batches.flat().map((r) => r.value),
    /** Distinct records (by topic/partition/offset) seen so far. */
    distinct: () => new Set(batches.flat().map(recordId)).size,
    handler: async (batch: Batch): Promise<void | BatchResult> => {
      batches.push(batch.records);
      return decide?.(batch, batches.length);
    },
  };
}

export function keyed(topic: string, key: string, value: string, extra: Partial<OutgoingRecord> = {}): OutgoingRecord {
  return { topic, key, value, ...extra };
}

export async function produceNumbered(log: EventLog, topic: string, count: number, keys = 5, from = 0): Promise<void> {
  const records = Array.from({ length: count }, (_, i) => keyed(topic, `key-${(from + i) % keys}`, JSON.stringify({ n: from + i })));
  await log.produce(records);
}

export const numberOf = (record: ConsumedRecord): number => (JSON.parse(record.value ?? '{}') as { n: number }).n;
