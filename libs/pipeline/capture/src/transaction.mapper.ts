import type { TransactionEvent } from '@dsm/contracts';
import type { OutgoingRecord } from '@dsm/eventlog';
import { transactionId, transactionTopic } from '@dsm/contracts';
import { dataCollectionOf, mapChangeToRecords, type CapturedChange } from './change-event.mapper';

/**
 * A committed source transaction as pgoutput delivered it (protocol v1 sends only committed ones),
 * or one fragment of it: a transaction larger than a batch is produced in order, in fragments,
 * before its COMMIT message arrives, so that its size never has to fit in memory at once.
 */
export interface SourceTransaction {
  xid: number;
  /** LSN of the transaction's first record: with the xid it names the transaction (Debezium). */
  beginLsn: number;
  /** LSN of the commit record, announced by BEGIN: orders transactions before they complete. */
  finalLsn: number;
  /** End LSN of the commit record (0 until `complete`): the slot is acknowledged up to here. */
  commitLsn: number;
  commitTimeUs: number;
  changes: CapturedChange[];
  /** Changes of the same transaction in earlier fragments (0: this fragment opens it with BEGIN). */
  firstOrder: number;
  /** Per data collection, the changes of earlier fragments (continues data_collection_order). */
  priorCounts: ReadonlyMap<string, number>;
  /** The COMMIT arrived: END (with the counts of all fragments) follows this fragment's events. */
  complete: boolean;
  /** Size of the pgoutput messages behind `changes`, for the in-flight memory bound. */
  bytes: number;
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
 * consumer can hold a transaction's events until it has seen `event_count` of them. A fragment
 * carries BEGIN only if it is the first, END only if it is the last; orders continue across them.
 */
export function mapTransactionToRecords(tx: SourceTransaction, context: TransactionMappingContext): OutgoingRecord[] {
  const id = transactionId(tx.xid, tx.beginLsn);
  const tsMs = Math.floor(tx.commitTimeUs / 1000);
  const perCollection = new Map(tx.priorCounts);
  const records: OutgoingRecord[] = [];
  if (tx.firstOrder === 0) records.push(transactionRecord(context.prefix, { status: 'BEGIN', id, event_count: null, data_collections: null, ts_ms: tsMs }));
  tx.changes.forEach((change: CapturedChange, index) => {
    const collection = dataCollectionOf(change);
    const dataCollectionOrder = (perCollection.get(collection) ?? 0) + 1;
    perCollection.set(collection, dataCollectionOrder);
    const source = { ...context, txId: tx.xid, timeUs: tx.commitTimeUs, snapshot: 'false' as const };
    records.push(...mapChangeToRecords(change, source, { id, totalOrder: tx.firstOrder + index + 1, dataCollectionOrder }, context.nowMs));
  });
  if (!tx.complete) return records;
  const dataCollections = [...perCollection].map(([data_collection, event_count]) => ({ data_collection, event_count }));
  const eventCount = tx.firstOrder + tx.changes.length;
  records.push(transactionRecord(context.prefix, { status: 'END', id, event_count: eventCount, data_collections: dataCollections, ts_ms: tsMs }));
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
