import type { ConsumedRecord } from './eventlog.port';

/** Next offset a group should read on one partition, after a batch was handled. */
export interface PartitionCommit {
  topic: string;
  partition: number;
  offset: string;
}

export const partitionKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/**
 * The `pending` semantics of the port, shared by both adapters. Records a handler returned as
 * pending (and every later record of their partition) stay uncommitted and are kept here; the
 * next batch with anything new delivers the held records of EVERY partition again, each in front
 * of whatever its partition brought. Only new records trigger a batch, so a held-back transaction
 * never spins the consumer; and a partition that went quiet is still settled (committed) once the
 * unit holding it completes on another partition — otherwise its lag would stay until it had news.
 * The buffer lets a batch grow past maxBatchSize: a source transaction larger than one batch must
 * still be able to complete.
 */
export interface HeldRecords {
  /** Fresh records (offset order per partition) → the batch to deliver (empty when nothing is new). */
  assemble(fresh: ConsumedRecord[]): ConsumedRecord[];
  /** After the handler resolved: what to commit per partition; keeps the pending suffixes. */
  settle(batch: ConsumedRecord[], pending?: ConsumedRecord[]): PartitionCommit[];
  /** Forgets a partition (revoked, or the batch failed and will be read again from the commit). */
  drop(topic: string, partition: number): void;
  clear(): void;
  /** Records currently held for a partition. */
  count(topic: string, partition: number): number;
}

export function createHeldRecords(): HeldRecords {
  const held = new Map<string, ConsumedRecord[]>();
  return {
    assemble(fresh) {
      if (fresh.length === 0) return [];
      const byPartition = groupByPartition(fresh);
      const batch: ConsumedRecord[] = [];
      for (const [key, records] of held) if (!byPartition.has(key)) batch.push(...records);
      for (const [key, records] of byPartition) batch.push(...(held.get(key) ?? []), ...records);
      return batch;
    },
    settle(batch, pending = []) {
      const firstPending = new Map<string, bigint>();
      for (const record of pending) {
        const key = partitionKey(record.topic, record.partition);
        const offset = BigInt(record.offset);
        const known = firstPending.get(key);
        if (known === undefined || offset < known) firstPending.set(key, offset);
      }
      const commits: PartitionCommit[] = [];
      for (const [key, records] of groupByPartition(batch)) {
        const from = firstPending.get(key);
        const kept = from === undefined ? [] : records.filter((record) => BigInt(record.offset) >= from);
        if (kept.length > 0) held.set(key, kept);
        else held.delete(key);
        const next = kept.length > 0 ? kept[0].offset : (BigInt(records[records.length - 1].offset) + 1n).toString();
        commits.push({ topic: records[0].topic, partition: records[0].partition, offset: next });
      }
      return commits;
    },
    drop: (topic, partition) => void held.delete(partitionKey(topic, partition)),
    clear: () => held.clear(),
    count: (topic, partition) => held.get(partitionKey(topic, partition))?.length ?? 0,
  };
}

export function groupByPartition(records: ConsumedRecord[]): Map<string, ConsumedRecord[]> {
  const groups = new Map<string, ConsumedRecord[]>();
  for (const record of records) {
    const key = partitionKey(record.topic, record.partition);
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  }
  return groups;
}
