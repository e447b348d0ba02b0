import type pg from 'pg';
import type { OutgoingRecord, ProducedRecord } from '../eventlog.port';
import { choosePartition } from '../partitioner';
import { inTransaction, RECORDS_CHANNEL } from './pg-schema';
import type { TopicRegistry } from './pg-topics';

interface Placed {
  record: OutgoingRecord;
  partition: number;
  index: number;
}

/**
 * Appends records in ONE transaction: all become visible together or none do. Offsets come from
 * each partition row, updated under its row lock in a fixed order (no deadlock between two
 * producers), so concurrent producers serialize per partition and commit in offset order.
 * The NOTIFY is delivered by PostgreSQL at commit, never for a rolled-back batch.
 */
export async function produceRecords(pool: pg.Pool, topics: TopicRegistry, records: OutgoingRecord[]): Promise<ProducedRecord[]> {
  if (records.length === 0) return [];
  const placed: Placed[] = [];
  for (const [index, record] of records.entries()) {
    const { partitions } = await topics.get(record.topic);
    placed.push({ record, index, partition: choosePartition(record.key, partitions, record.partition) });
  }
  const groups = groupByPartition(placed);
  const now = Date.now();
  return inTransaction(pool, async (client) => {
    const offsets: bigint[] = new Array<bigint>(records.length);
    for (const group of groups) {
      const { rows } = await client.query<{ base: string }>(
        `update eventlog.partitions set next_offset = next_offset + $3
         where topic = $1 and partition = $2 returning next_offset - $3 as base`,
        [group[0].record.topic, group[0].partition, group.length],
      );
      const base = BigInt(rows[0].base);
      group.forEach((item, i) => (offsets[item.index] = base + BigInt(i)));
    }
    await client.query(
      `insert into eventlog.records (topic, partition, "offset", key, value, headers, ts)
       select * from unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::text[], $6::jsonb[], $7::bigint[])`,
      [
        placed.map((p) => p.record.topic),
        placed.map((p) => p.partition),
        placed.map((p) => offsets[p.index].toString()),
        placed.map((p) => p.record.key),
        placed.map((p) => p.record.value),
        placed.map((p) => JSON.stringify(p.record.headers ?? {})),
        placed.map((p) => p.record.timestamp ?? now),
      ],
    );
    const touched = [...new Set(placed.map((p) => p.record.topic))];
    await client.query(`select pg_notify($1, t) from unnest($2::text[]) t`, [RECORDS_CHANNEL, touched]);
    return placed.map((p) => ({ topic: p.record.topic, partition: p.partition, offset: offsets[p.index].toString() }));
  });
}

function groupByPartition(placed: Placed[]): Placed[][] {
  const groups = new Map<string, Placed[]>();
  for (const item of placed) {
    const key = `${item.record.topic}\u0000${String(item.partition).padStart(6, '0')}`;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, group]) => group);
}
