import { describe, expect, it } from 'vitest';
import type { ConsumedRecord } from './eventlog.port';
import { createHeldRecords } from './held-records';

const record = (partition: number, offset: number): ConsumedRecord => ({
  topic: 't',
  partition,
  offset: String(offset),
  key: `k${offset}`,
  value: '{}',
  headers: {},
  timestamp: 0,
});

describe('held records (pending semantics)', () => {
  it('commits past every record when nothing is pending', () => {
    const held = createHeldRecords();
    const batch = held.assemble([record(0, 0), record(0, 1), record(1, 5)]);
    expect(held.settle(batch)).toEqual([
      { topic: 't', partition: 0, offset: '2' },
      { topic: 't', partition: 1, offset: '6' },
    ]);
  });

  it('keeps the first pending record and everything after it, and commits up to it', () => {
    const held = createHeldRecords();
    const batch = held.assemble([record(0, 0), record(0, 1), record(0, 2), record(1, 5)]);
    const commits = held.settle(batch, [record(0, 1)]);
    expect(commits).toEqual([
      { topic: 't', partition: 0, offset: '1' },
      { topic: 't', partition: 1, offset: '6' },
    ]);
    expect(held.count('t', 0)).toBe(2);
  });

  it('redelivers held records with the next new records, and not without any', () => {
    const held = createHeldRecords();
    held.settle(held.assemble([record(0, 0), record(0, 1)]), [record(0, 0)]);
    expect(held.assemble([])).toEqual([]);
    const next = held.assemble([record(0, 2)]);
    expect(next.map((r) => r.offset)).toEqual(['0', '1', '2']);
    expect(held.settle(next)).toEqual([{ topic: 't', partition: 0, offset: '3' }]);
    expect(held.count('t', 0)).toBe(0);
  });

  it('settles a quiet partition when another partition brings the news that releases it', () => {
    const held = createHeldRecords();
    held.settle(held.assemble([record(0, 0), record(0, 1)]), [record(0, 0)]);
    const next = held.assemble([record(1, 9)]);
    expect(next.map((r) => `${r.partition}:${r.offset}`)).toEqual(['0:0', '0:1', '1:9']);
    expect(held.settle(next)).toEqual([
      { topic: 't', partition: 0, offset: '2' },
      { topic: 't', partition: 1, offset: '10' },
    ]);
    expect(held.count('t', 0)).toBe(0);
  });

  it('forgets a dropped partition', () => {
    const held = createHeldRecords();
    held.settle(held.assemble([record(0, 0)]), [record(0, 0)]);
    held.drop('t', 0);
    expect(held.assemble([record(0, 1)]).map((r) => r.offset)).toEqual(['1']);
  });
});
