import type { ConsumedRecord } from '@dsm/eventlog';
import { describe, expect, it } from 'vitest';
import { createUnitAssembler, type UnitRole } from './unit-assembler';

/** Records name their role in the value: "m:<unit>:<slot>:<collection>" or "e:<unit>:<collection>=<n>,…". */
function record(topic: string, partition: number, offset: number, value: string): ConsumedRecord {
  return { topic, partition, offset: String(offset), key: null, value, headers: {}, timestamp: 0 };
}

function classify(rec: ConsumedRecord): UnitRole {
  const [kind, unit, a, b] = (rec.value ?? '').split(':');
  if (kind === 'm') return { kind: 'member', unit, slot: a, collection: b };
  if (kind === 'e') return { kind: 'end', unit, expected: new Map(a.split(',').map((pair) => [pair.split('=')[0], Number(pair.split('=')[1])])) };
  if (kind === 's') return { kind: 'standalone' };
  return { kind: 'skip' };
}

const ids = (ready: { id: string | null }[]) => ready.map((unit) => unit.id);
const offsets = (records: ConsumedRecord[]) => records.map((r) => `${r.topic}/${r.offset}`).sort();

describe('unit assembler', () => {
  it('holds a transaction back until its END and every per-table count have arrived', () => {
    const assembler = createUnitAssembler(classify);
    const first = assembler.accept([record('a', 0, 0, 'm:t1:1:orders'), record('tx', 0, 0, 'e:t1:orders=1,items=1')]);
    first.commit();
    expect(ids(first.ready)).toEqual([]);
    expect(offsets(first.pending)).toEqual(['a/0', 'tx/0']);

    const second = assembler.accept([record('b', 0, 0, 'm:t1:2:items')]);
    second.commit();
    expect(ids(second.ready)).toEqual(['t1']);
    expect(second.ready[0].members).toHaveLength(2);
    expect(second.pending).toEqual([]);
  });

  it('applies a redelivered duplicate member once', () => {
    const assembler = createUnitAssembler(classify);
    const run = assembler.accept([record('a', 0, 0, 'm:t1:1:orders'), record('a', 0, 0, 'm:t1:1:orders'), record('tx', 0, 0, 'e:t1:orders=1')]);
    run.commit();
    expect(run.ready[0].members).toHaveLength(1);
    const again = assembler.accept([record('a', 0, 0, 'm:t1:1:orders'), record('tx', 0, 0, 'e:t1:orders=1')]);
    expect(again.ready).toEqual([]);
    expect(again.pending).toEqual([]);
  });

  it('keeps an applied unit uncommitted while it sits behind an open one, END included', () => {
    const assembler = createUnitAssembler(classify);
    const run = assembler.accept([
      record('a', 0, 0, 'm:open:1:orders'),
      record('a', 0, 1, 'm:done:1:orders'),
      record('tx', 0, 0, 'e:done:orders=1'),
    ]);
    run.commit();
    expect(ids(run.ready)).toEqual(['done']);
    expect(offsets(run.pending)).toEqual(['a/0', 'a/1', 'tx/0']);

    const later = assembler.accept([record('a', 0, 0, 'm:open:1:orders'), record('a', 0, 1, 'm:done:1:orders'), record('tx', 0, 1, 'e:open:orders=1')]);
    later.commit();
    expect(ids(later.ready)).toEqual(['open']);
    expect(later.pending).toEqual([]);
  });

  it('never reopens an applied unit the log still redelivers, however many units passed since', () => {
    // Remembers only two applied units by recency: the suffix the log holds must not depend on that.
    const assembler = createUnitAssembler(classify, 2);
    const suffix = [
      record('a', 0, 0, 'm:open:1:orders'),
      record('a', 0, 1, 'm:u1:1:orders'), record('a', 0, 2, 'm:u2:1:orders'), record('a', 0, 3, 'm:u3:1:orders'),
    ];
    const ends = [record('tx', 0, 0, 'e:u1:orders=1'), record('tx', 0, 1, 'e:u2:orders=1'), record('tx', 0, 2, 'e:u3:orders=1')];
    const first = assembler.accept([...suffix, ...ends]);
    first.commit();
    expect(ids(first.ready)).toEqual(['u1', 'u2', 'u3']);

    // Only the transaction partition has news: the open unit completes, every unit is let go,
    // but partition a keeps its uncommitted suffix in the log until it has news of its own.
    const second = assembler.accept([...ends, record('tx', 0, 3, 'e:open:orders=1')]);
    second.commit();
    expect(ids(second.ready)).toEqual(['open']);

    const third = assembler.accept([...suffix, record('a', 0, 4, 's')]);
    third.commit();
    expect(ids(third.ready)).toEqual([null]);
    expect(third.pending).toEqual([]);
  });

  it('remembers the most recent applied units only, up to its memory', () => {
    const assembler = createUnitAssembler(classify, 2);
    const unit = (id: string, offset: number) => [record('a', 0, offset, `m:${id}:1:orders`), record('tx', 0, offset, `e:${id}:orders=1`)];
    for (const [offset, id] of ['t1', 't2', 't3'].entries()) assembler.accept(unit(id, offset)).commit();
    expect(ids(assembler.accept(unit('t3', 2)).ready)).toEqual([]);
    expect(ids(assembler.accept(unit('t1', 0)).ready)).toEqual(['t1']);
  });

  it('leaves its state untouched when the batch is not committed', () => {
    const assembler = createUnitAssembler(classify);
    const batch = [record('a', 0, 0, 'm:t1:1:orders'), record('tx', 0, 0, 'e:t1:orders=1')];
    expect(ids(assembler.accept(batch).ready)).toEqual(['t1']);
    const retry = assembler.accept(batch);
    expect(ids(retry.ready)).toEqual(['t1']);
  });

  it('completes a unit that announces its size on every member', () => {
    const assembler = createUnitAssembler((rec) => ({ kind: 'member', unit: 'u', slot: rec.offset, collection: rec.topic, expectedTotal: 2 }));
    expect(assembler.accept([record('a', 0, 0, 'x')]).ready).toEqual([]);
    const both = assembler.accept([record('a', 0, 0, 'x'), record('a', 0, 1, 'x')]);
    expect(both.ready[0].members).toHaveLength(2);
  });

  it('passes standalone records through and skips the rest', () => {
    const assembler = createUnitAssembler(classify);
    const run = assembler.accept([record('a', 0, 0, 's'), record('a', 0, 1, 'skip')]);
    expect(run.ready).toEqual([{ id: null, members: [expect.objectContaining({ offset: '0' })], ends: [] }]);
  });
});

describe('unit assembler and replayed dead letters', () => {
  it('applies a replayed member on its own instead of waiting for an END that already passed', () => {
    const assembler = createUnitAssembler(classify);
    const replayed = { ...record('a', 0, 9, 'm:t1:1:orders'), headers: { 'dsm-replayed-from': 'a:0:1' } };
    const run = assembler.accept([replayed]);
    expect(run.ready).toEqual([{ id: null, members: [replayed], ends: [] }]);
    expect(run.pending).toEqual([]);
  });
});
