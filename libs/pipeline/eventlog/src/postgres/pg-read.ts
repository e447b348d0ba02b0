import { prepared } from '@dsm/pg-resilience';
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
  const { rows } = await pool.query<RecordRow>(prepared(
    `select ${RECORD_COLUMNS} from unnest($1::text[], $2::int[], $3::bigint[]) p(topic, partition, pos)
     cross join lateral (
       select * from eventlog.records x
       where x.topic = p.topic and x.partition = p.partition and x."offset" >= p.pos
       order by x."offset" limit $4) r
     order by r.topic, r.partition, r."offset"`,
    [positions.map((p) => p.topic), positions.map((p) => p.partition), positions.map((p) => p.offset), limit],
  ));
  return rows.map(toConsumedRecord);
}

export function compareOffsets(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Records to read ahead per partition, so that a batch of `max` can be merged in time order. */
export function readAhead(max: number, partitions: number): number {
  return Math.min(max, Math.max(50, Math.ceil((2 * max) / Math.max(1, partitions))));
}

/**
 * Caps a fetch at `max` records, oldest first across partitions (by record timestamp, which is
 * the source commit time for change events): the records of one source transaction, spread over
 * many topics, then arrive in the same batch even while the consumer is far behind, instead of
 * one partition racing ahead while another lags (which keeps transactions open and their
 * partitions held back). Each partition keeps a prefix of its records, so offset order is never
 * broken and no partition starves. `readAhead` is how many records were read per partition: once
 * a partition that had that many is used up, its next record is unknown and the merge stops.
 */
export function takeOldestFirst(records: ConsumedRecord[], max: number, readAheadPerPartition: number): ConsumedRecord[] {
  const lists = [...groupByPartition(records).values()];
  const next = lists.map(() => 0);
  const taken: ConsumedRecord[] = [];
  while (taken.length < max) {
    let oldest = -1;
    for (let i = 0; i < lists.length; i++) {
      if (next[i] < lists[i].length && (oldest < 0 || lists[i][next[i]].timestamp < lists[oldest][next[oldest]].timestamp)) oldest = i;
    }
    if (oldest < 0) break;
    taken.push(lists[oldest][next[oldest]++]);
    if (next[oldest] === lists[oldest].length && lists[oldest].length >= readAheadPerPartition) break;
  }
  return taken;
}
