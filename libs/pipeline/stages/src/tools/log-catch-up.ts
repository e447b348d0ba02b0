import type { EventLog } from '@dsm/eventlog';
import type { SearchIndex } from '@dsm/search';
import { indexInputTopics } from '../index/index.stage';
import { groupByIndex, indexFedBy, mapIndexRecord } from '../index/index.mapper';

/** Per topic, per partition: the offset the next record will get (absent: the partition was empty). */
export type LogMark = Map<string, Map<number, bigint>>;

const PAGE = 1000;

/** The topics the index stage reads whose records land in `index`; only those that exist. */
export async function topicsFeeding(log: EventLog, prefix: string, index: string): Promise<string[]> {
  const existing = new Set((await log.listTopics()).map((topic) => topic.name));
  return indexInputTopics(prefix).filter((topic) => existing.has(topic) && indexFedBy(prefix, topic) === index);
}

/** Where each partition of `topics` ends now. */
export async function markLogEnd(log: EventLog, topics: string[]): Promise<LogMark> {
  const mark: LogMark = new Map();
  for (const topic of topics) {
    const ends = new Map<number, bigint>();
    for (const record of await log.read(topic, { last: 1, limit: Number.MAX_SAFE_INTEGER })) {
      const next = BigInt(record.offset) + 1n;
      if (next > (ends.get(record.partition) ?? 0n)) ends.set(record.partition, next);
    }
    mark.set(topic, ends);
  }
  return mark;
}

export interface Replayed {
  /** Operations the index applied (one a newer document already there made stale is not counted). */
  applied: number;
  /** Records that do not map to a document, or that the index rejects: the index stage dead-letters them. */
  skipped: number;
}

/**
 * Applies to `index` every record the feeding topics received between `from` and `to`, mapped and
 * versioned as the index stage maps them. What the stage would dead-letter is counted as skipped:
 * its dead letter is the stage's, made when the stage met the record.
 */
export async function replayInto(deps: { log: EventLog; search: SearchIndex; prefix: string }, index: string, from: LogMark, to: LogMark): Promise<Replayed> {
  const replayed: Replayed = { applied: 0, skipped: 0 };
  for (const [topic, ends] of to) {
    for (const [partition, end] of ends) {
      for (let offset = from.get(topic)?.get(partition) ?? 0n; offset < end; ) {
        const records = (await deps.log.read(topic, { partition, fromOffset: offset.toString(), limit: PAGE })).filter((record) => BigInt(record.offset) < end);
        if (records.length === 0) break;
        offset = BigInt(records[records.length - 1].offset) + 1n;
        const operations = records.flatMap((record) => {
          try {
            return [mapIndexRecord(deps.prefix, record)];
          } catch {
            replayed.skipped += 1;
            return [];
          }
        });
        const mine = groupByIndex(operations).get(index) ?? [];
        if (mine.length === 0) continue;
        const results = await deps.search.bulk(index, mine.map((item) => item.operation));
        replayed.applied += results.filter((result) => result.status === 'applied').length;
        replayed.skipped += results.filter((result) => result.status === 'error').length;
      }
    }
  }
  return replayed;
}
