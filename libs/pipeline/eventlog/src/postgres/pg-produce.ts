import { prepared } from '@dsm/pg-resilience';
import type pg from 'pg';
import type { OutgoingRecord, ProducedRecord } from '../eventlog.port';
import { partitionKey } from '../held-records';
import { choosePartition } from '../partitioner';
import type { TopicRegistry } from './pg-topics';

interface Placed {
  record: OutgoingRecord;
  partition: number;
  /** Place within its partition's block of this call. */
  position: number;
}

/**
 * One statement, so one implicit transaction and one round trip: the records' partition rows are
 * locked in a fixed order (no deadlock between two producers) before any is moved on (the
 * one-time filter runs the lock first), each partition's `next_offset` moves past its block, and
 * the records are inserted at their offsets. All become visible together or none do; concurrent
 * producers serialize per partition and commit in offset order, and no row lock is held while
 * the client is busy between statements.
 */
const PRODUCE = `
with batch as (
  select * from json_to_recordset($1::json)
    as b(topic text, partition int, position int, key text, value text, headers jsonb, ts bigint)
),
wanted as (select topic, partition, count(*)::int as n from batch group by topic, partition),
locked as materialized (
  select p.topic, p.partition from eventlog.partitions p join wanted using (topic, partition)
  order by p.topic, p.partition for update of p
),
moved as (
  update eventlog.partitions p set next_offset = p.next_offset + w.n
  from wanted w
  where p.topic = w.topic and p.partition = w.partition
    and (select count(*) from locked) = (select count(*) from wanted)
  returning p.topic, p.partition, p.next_offset - w.n as base
),
inserted as (
  insert into eventlog.records (topic, partition, "offset", key, value, headers, ts)
  select b.topic, b.partition, m.base + b.position, b.key, b.value, b.headers, b.ts
  from batch b join moved m using (topic, partition)
)
select topic, partition, base::text as base from moved`;

/** Appends records atomically and returns where each landed, in the order given. */
export async function produceRecords(pool: pg.Pool, topics: TopicRegistry, records: OutgoingRecord[]): Promise<ProducedRecord[]> {
  if (records.length === 0) return [];
  const placed: Placed[] = [];
  const sizes = new Map<string, number>();
  for (const record of records) {
    const { partitions } = await topics.get(record.topic);
    const partition = choosePartition(record.key, partitions, record.partition);
    const key = partitionKey(record.topic, partition);
    const position = sizes.get(key) ?? 0;
    sizes.set(key, position + 1);
    placed.push({ record, partition, position });
  }
  const now = Date.now();
  const batch = placed.map(({ record, partition, position }) => ({
    topic: record.topic, partition, position, key: record.key, value: record.value, headers: record.headers ?? {}, ts: record.timestamp ?? now,
  }));
  const { rows } = await pool.query<{ topic: string; partition: number; base: string }>(prepared(PRODUCE, [JSON.stringify(batch)]));
  const bases = new Map(rows.map((row) => [partitionKey(row.topic, row.partition), BigInt(row.base)]));
  return placed.map((p) => {
    const base = bases.get(partitionKey(p.record.topic, p.partition));
    if (base === undefined) throw new Error(`event log: partition ${p.partition} of topic ${p.record.topic} does not exist`);
    return { topic: p.record.topic, partition: p.partition, offset: (base + BigInt(p.position)).toString() };
  });
}
