import type { Pgoutput } from 'pg-logical-replication';
import { describe, expect, it } from 'vitest';
import { ChangeEventSchema, TransactionEventSchema, numberToLsn } from '@dsm/contracts';
import { createTransactionAssembler } from './transaction.assembler';
import { mapTransactionToRecords, type SourceTransaction } from './transaction.mapper';

const INT8 = 20;

function relation(name: string): Pgoutput.MessageRelation {
  const column = { name: 'id', flags: 1, typeOid: INT8, typeMod: -1, typeSchema: null, typeName: null, parser: (raw: unknown) => raw };
  return { tag: 'relation', relationOid: 1, schema: 'public', name, replicaIdentity: 'default', columns: [column], keyColumns: ['id'] };
}

/** pgoutput messages of one transaction inserting into `tables` in turn, one row each. */
function transactionMessages(tables: string[]): [string, Pgoutput.Message][] {
  const relations = new Map(tables.map((table) => [table, relation(table)]));
  const lsn = (n: number) => numberToLsn(0x1000 + n * 0x40);
  return [
    [lsn(0), { tag: 'begin', commitLsn: lsn(tables.length + 1), commitTime: 1_700_000_000_000_000n, xid: 777 }],
    ...tables.map((table, i): [string, Pgoutput.Message] => [lsn(i + 1), { tag: 'insert', relation: relations.get(table)!, new: { id: String(i + 1) } }]),
    [lsn(tables.length + 1), { tag: 'commit', flags: 0, commitLsn: lsn(tables.length + 1), commitEndLsn: lsn(tables.length + 2), commitTime: 1_700_000_000_000_000n }],
  ];
}

function assemble(messages: [string, Pgoutput.Message][], maxEvents: number): SourceTransaction[] {
  const assembler = createTransactionAssembler(new Map([['public.orders', ['id']], ['public.order_items', ['id']]]), { maxEvents, maxBytes: 1_000_000 });
  return messages.map(([lsn, message]) => assembler.accept(lsn, message, 100)).filter((tx): tx is SourceTransaction => tx !== null);
}

const context = { prefix: 'dsm', serverName: 'dsm', db: 'dsm', lastCommitLsn: null, nowMs: 1_700_000_000_000 };

describe('a transaction handed over in fragments', () => {
  const tables = ['orders', 'order_items', 'order_items', 'orders', 'order_items'];

  it('splits at the fragment size and completes only with the COMMIT', () => {
    const fragments = assemble(transactionMessages(tables), 2);
    expect(fragments.map((f) => [f.firstOrder, f.changes.length, f.complete])).toEqual([[0, 2, false], [2, 2, false], [4, 1, true]]);
    expect(fragments.map((f) => f.commitLsn === 0)).toEqual([true, true, false]);
    expect(new Set(fragments.map((f) => f.finalLsn)).size).toBe(1);
  });

  it('maps to the records a whole transaction maps to: one BEGIN, continuing orders, END with every count', () => {
    const records = (maxEvents: number) => assemble(transactionMessages(tables), maxEvents).flatMap((f) => mapTransactionToRecords(f, context));
    const whole = records(100);
    const fragmented = records(2);
    expect(fragmented.map((r) => [r.topic, r.key, r.value])).toEqual(whole.map((r) => [r.topic, r.key, r.value]));

    const boundaries = fragmented.filter((r) => r.topic === 'dsm.transaction').map((r) => TransactionEventSchema.parse(JSON.parse(r.value!)));
    expect(boundaries.map((e) => e.status)).toEqual(['BEGIN', 'END']);
    expect(boundaries[1].event_count).toBe(5);
    expect(boundaries[1].data_collections).toEqual([
      { data_collection: 'public.orders', event_count: 2 },
      { data_collection: 'public.order_items', event_count: 3 },
    ]);
    const positions = fragmented.filter((r) => r.topic !== 'dsm.transaction').map((r) => ChangeEventSchema.parse(JSON.parse(r.value!)).transaction);
    expect(positions.map((p) => [p?.total_order, p?.data_collection_order])).toEqual([[1, 1], [2, 1], [3, 2], [4, 2], [5, 3]]);
  });
});
