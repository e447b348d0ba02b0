import { rawTopic, transactionTopic, type ChangeEvent, type ChangeOp, type TransactionEvent } from '@dsm/contracts';
import type { ConsumedRecord, OutgoingRecord } from '@dsm/eventlog';

export interface FixtureChange {
  table: string;
  op: Exclude<ChangeOp, 't' | 'm'>;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

export interface FixtureTransaction {
  xid: number;
  /** LSN of the first change; changes get consecutive LSNs from here. */
  lsn: number;
  /** Commit LSN of the previous transaction (Debezium's `sequence[0]`). */
  lastCommitLsn?: number | null;
  tsMs?: number;
  changes: FixtureChange[];
}

/**
 * Debezium-shaped records for one source transaction (BEGIN, events with their transaction
 * blocks and tombstones after deletes, END with per-table counts), as the capture writes them.
 */
export function debeziumTransaction(prefix: string, tx: FixtureTransaction): OutgoingRecord[] {
  const id = `${tx.xid}:${tx.lsn}`;
  const tsMs = tx.tsMs ?? Date.now();
  const counts = new Map<string, number>();
  const records: OutgoingRecord[] = [transactionRecord(prefix, { status: 'BEGIN', id, event_count: null, data_collections: null, ts_ms: tsMs })];
  tx.changes.forEach((change, index) => {
    const collection = `public.${change.table}`;
    counts.set(collection, (counts.get(collection) ?? 0) + 1);
    const lsn = tx.lsn + index;
    const event: ChangeEvent = {
      before: change.before ?? null,
      after: change.after ?? null,
      source: {
        version: '2.7.3.Final', connector: 'postgresql', name: prefix, ts_ms: tsMs, db: 'dsm', schema: 'public', table: change.table,
        txId: tx.xid, lsn, sequence: JSON.stringify([tx.lastCommitLsn == null ? null : String(tx.lastCommitLsn), String(lsn)]),
      },
      transaction: { id, total_order: index + 1, data_collection_order: counts.get(collection)! },
      op: change.op,
      ts_ms: tsMs,
    };
    const row = change.after ?? change.before;
    const key = JSON.stringify({ id: row?.['id'] ?? null });
    records.push({ topic: rawTopic(prefix, change.table), key, value: JSON.stringify(event) });
    if (change.op === 'd') records.push({ topic: rawTopic(prefix, change.table), key, value: null });
  });
  const dataCollections = [...counts].map(([data_collection, event_count]) => ({ data_collection, event_count }));
  records.push(transactionRecord(prefix, { status: 'END', id, event_count: tx.changes.length, data_collections: dataCollections, ts_ms: tsMs }));
  return records;
}

function transactionRecord(prefix: string, event: TransactionEvent): OutgoingRecord {
  return { topic: transactionTopic(prefix), key: JSON.stringify({ id: event.id }), value: JSON.stringify(event) };
}

/** An outgoing record as a consumer would receive it (for pure mapper tests). */
export function asConsumed(record: OutgoingRecord, offset = 0): ConsumedRecord {
  return { topic: record.topic, partition: 0, offset: String(offset), key: record.key, value: record.value, headers: record.headers ?? {}, timestamp: record.timestamp ?? 0 };
}
