import type { TransactionEvent } from '@dsm/contracts';
import type { OutgoingRecord } from '@dsm/eventlog';
import { transactionId, transactionTopic } from '@dsm/contracts';
import { dataCollectionOf, mapChangeToRecords, type CapturedChange } from './change-event.mapper';

/** A committed source transaction as pgoutput delivered it (protocol v1: only whole, committed ones). */
export interface SourceTransaction {
  xid: number;
  /** LSN of the transaction's first record: with the xid it names the transaction (Debezium). */
  beginLsn: number;
  /** End LSN of the commit record: the slot is acknowledged up to here once the events are durable. */
  commitLsn: number;
  commitTimeUs: number;
  changes: CapturedChange[];
}

export interface TransactionMappingContext {
  prefix: string;
  serverName: string;
  db: string;
  lastCommitLsn: number | null;
  nowMs: number;
}

/**
 * BEGIN, every change event (each carrying its transaction block) with tombstones after deletes,
 * then END with per-table counts: Debezium's provide.transaction.metadata=true layout, so a
 * consumer can hold a transaction's events until it has seen `event_count` of them.
 */
export function mapTransactionToRecords(tx: SourceTransaction, context: TransactionMappingContext): OutgoingRecord[] {
  const id = transactionId(tx.xid, tx.beginLsn);
  const tsMs = Math.floor(tx.commitTimeUs / 1000);
  const perCollection = new Map<string, number>();
  const records: OutgoingRecord[] = [transactionRecord(context.prefix, { status: 'BEGIN', id, event_count: null, data_collections: null, ts_ms: tsMs })];
  tx.changes.forEach((change: CapturedChange, index) => {
    const collection = dataCollectionOf(change);
    const dataCollectionOrder = (perCollection.get(collection) ?? 0) + 1;
    perCollection.set(collection, dataCollectionOrder);
    const source = { ...context, txId: tx.xid, timeUs: tx.commitTimeUs, snapshot: 'false' as const };
    records.push(...mapChangeToRecords(change, source, { id, totalOrder: index + 1, dataCollectionOrder }, context.nowMs));
  });
  const dataCollections = [...perCollection].map(([data_collection, event_count]) => ({ data_collection, event_count }));
  records.push(transactionRecord(context.prefix, { status: 'END', id, event_count: tx.changes.length, data_collections: dataCollections, ts_ms: tsMs }));
  return records;
}

function transactionRecord(prefix: string, event: TransactionEvent): OutgoingRecord {
  return {
    topic: transactionTopic(prefix),
    key: JSON.stringify({ id: event.id }),
    value: JSON.stringify(event),
    timestamp: event.ts_ms,
  };
}
