import { describe, expect, it } from 'vitest';
import type { ConsumedRecord } from '../eventlog.port';
import { readAhead, takeOldestFirst } from './pg-read';

const at = (topic: string, offset: number, timestamp: number): ConsumedRecord => ({
  topic, partition: 0, offset: String(offset), key: null, value: null, headers: {}, timestamp,
});
const names = (records: ConsumedRecord[]) => records.map((r) => `${r.topic}${r.offset}`);

describe('fetch order', () => {
  it('takes the oldest records across partitions first, keeping offset order in each', () => {
    // A backlog: "a" holds old and new records, "b" only new ones, "tx" the transaction ends.
    const records = [at('a', 0, 10), at('a', 1, 20), at('a', 2, 30), at('b', 0, 20), at('b', 1, 30), at('tx', 0, 10), at('tx', 1, 20), at('tx', 2, 30)];
    expect(names(takeOldestFirst(records, 6, 100))).toEqual(['a0', 'tx0', 'a1', 'b0', 'tx1', 'a2']);
  });

  it('stops where a partition read to its limit runs out, since its next record is unknown', () => {
    const records = [at('a', 0, 10), at('a', 1, 11), at('b', 0, 50), at('c', 0, 12)];
    // "a" returned its full read-ahead of 2: a record older than c0 or b0 may follow it.
    expect(names(takeOldestFirst(records, 10, 2))).toEqual(['a0', 'a1']);
  });

  it('never starves a partition whose records are the oldest, and takes all when under the cap', () => {
    const records = [at('busy', 0, 5), at('busy', 1, 6), at('busy', 2, 7), at('quiet', 0, 1)];
    expect(names(takeOldestFirst(records, 2, 100))).toEqual(['quiet0', 'busy0']);
    expect(takeOldestFirst(records, 10, 100)).toHaveLength(4);
  });

  it('reads ahead enough per partition for one merged batch, within bounds', () => {
    expect(readAhead(1000, 31)).toBe(65);
    expect(readAhead(1000, 1)).toBe(1000);
    expect(readAhead(100, 40)).toBe(50);
  });
});
