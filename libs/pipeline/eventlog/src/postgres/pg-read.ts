import type pg from 'pg';
import type { ConsumedRecord, ReadOptions } from '../eventlog.port';
import { groupByPartition } from '../held-records';
import type { TopicRegistry } from './pg-topics';

export interface RecordRow {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  ts: string;
}

export const RECORD_COLUMNS = `r.topic, r.partition, r."offset"::text as "offset", r.key, r.value, r.headers, r.ts::text as ts`;

export function toConsumedRecord(row: RecordRow): ConsumedRecord {
  return {
    topic: row.topic,
    partition: row.partition,
    offset: row.offset,
    key: row.key,
    value: row.value,
    headers: row.headers,
    timestamp: Number(row.ts),
  };
}

/** Reads without a group: from an offset, or the last N per partition; ordered by partition, offset. */
export async function readRecords(pool: pg.Pool, topics: TopicRegistry, topic: string, options: ReadOptions = {}): Promise<ConsumedRecord[]> {
  const { partitions } = await topics.get(topic);
  const selected = options.partition === undefined ? [...Array(partitions).keys()] : [options.partition];
  const limit = options.limit ?? 1000;
  const newestFirst = options.last !== undefined;
  const { rows } = await pool.query<RecordRow>(
    `select ${RECORD_COLUMNS} from unnest($2::int[]) p(partition)
     cross join lateral (
       select * from eventlog.records x
       where x.topic = $1 and x.partition = p.partition and x."offset" >= $3
       order by x."offset" ${newestFirst ? 'desc' : 'asc'} limit $4) r`,
    [topic, selected, options.fromOffset ?? '0', options.last ?? limit],
  );
  return rows
    .map(toConsumedRecord)
    .sort((a, b) => a.partition - b.partition || compareOffsets(a.offset, b.offset))
    .slice(0, limit);
}

export interface FetchPosition {
  topic: string;
  partition: number;
  /** Next offset to read. */
  offset: string;
}

/** Up to `limit` records per partition from each position (a consumer's fetch). */
export async function fetchFrom(pool: pg.Pool, positions: FetchPosition[], limit: number): Promise<ConsumedRecord[]> {
  if (positions.length === 0) return [];
  const { rows } = await pool.query<RecordRow>(
    `select ${RECORD_COLUMNS} from unnest($1::text[], $2::int[], $3::bigint[]) p(topic, partition, pos)
     cross join lateral (
       select * from eventlog.records x
       where x.topic = p.topic and x.partition = p.partition and x."offset" >= p.pos
       order by x."offset" limit $4) r
     order by r.topic, r.partition, r."offset"`,
    [positions.map((p) => p.topic), positions.map((p) => p.partition), positions.map((p) => p.offset), limit],
  );
  return rows.map(toConsumedRecord);
}

export function compareOffsets(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Caps a fetch at `max` records without starving a partition: partitions take turns, and each
 * keeps a prefix of its records (offset order is never broken).
 */
export function takeFairly(records: ConsumedRecord[], max: number): ConsumedRecord[] {
  if (records.length <= max) return records;
  const byPartition = groupByPartition(records);
  const quota = new Map<string, number>([...byPartition.keys()].map((key) => [key, 0]));
  for (let taken = 0; taken < max; ) {
    for (const [key, list] of byPartition) {
      const count = quota.get(key) ?? 0;
      if (taken < max && count < list.length) {
        quota.set(key, count + 1);
        taken++;
      }
    }
  }
  return [...byPartition.entries()].flatMap(([key, list]) => list.slice(0, quota.get(key)));
}
