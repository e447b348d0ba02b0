import type pg from 'pg';
import type { OutgoingRecord, ProducedRecord } from '../eventlog.port';
import { partitionKey } from '../held-records';
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
 * each partition row, updated under its row lock, so concurrent producers serialize per partition
 * and commit in offset order. The rows are locked in a fixed order first (no deadlock between two
 * producers), then all moved on by one UPDATE: a constant number of round trips, however many
 * partitions a batch touches (a stage's output spans dozens). The NOTIFY is delivered by
 * PostgreSQL at commit, never for a rolled-back batch.
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
    const bases = await reserveOffsets(client, groups);
    groups.forEach((group, g) => group.forEach((item, i) => (offsets[item.index] = bases[g] + BigInt(i))));
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

/** First offset of each group's block; `groups` are sorted by topic and partition. */
async function reserveOffsets(client: pg.PoolClient, groups: Placed[][]): Promise<bigint[]> {
  const topics = groups.map((group) => group[0].record.topic);
  const partitions = groups.map((group) => group[0].partition);
  await client.query(
    `select 1 from eventlog.partitions p join unnest($1::text[], $2::int[]) w(topic, partition) using (topic, partition)
     order by p.topic, p.partition for update of p`,
    [topics, partitions],
  );
  const { rows } = await client.query<{ topic: string; partition: number; base: string }>(
    `update eventlog.partitions p set next_offset = p.next_offset + w.n
     from unnest($1::text[], $2::int[], $3::int[]) w(topic, partition, n)
     where p.topic = w.topic and p.partition = w.partition
     returning p.topic, p.partition, (p.next_offset - w.n)::text as base`,
    [topics, partitions, groups.map((group) => group.length)],
  );
  const base = new Map(rows.map((row) => [partitionKey(row.topic, row.partition), BigInt(row.base)]));
  return groups.map((group, g) => {
    const found = base.get(partitionKey(topics[g], partitions[g]));
    if (found === undefined) throw new Error(`event log: partition ${partitions[g]} of topic ${topics[g]} does not exist`);
    return found;
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
