import type { ChangeEvent, ChangeOp, SourceInfo } from '@dsm/contracts';
import type { OutgoingRecord } from '@dsm/eventlog';
import { rawTopic } from '@dsm/contracts';

/**
 * The Debezium release whose PostgreSQL envelope this capture reproduces (ts_us/ts_ns exist since
 * 2.6, padded ZonedTimestamp since 2.2). Consumers may compare it; it is not a Debezium build.
 */
export const DEBEZIUM_COMPATIBLE_VERSION = '2.7.3.Final';

/** One row change, already encoded (see value-encoding.mapper.ts). */
export interface CapturedChange {
  op: Exclude<ChangeOp, 't' | 'm'>;
  schema: string;
  table: string;
  /** LSN of the change record (streaming) or the snapshot's consistent point. */
  lsn: number;
  /** Primary-key columns (Debezium's key); null for a table without a primary key. */
  key: Record<string, unknown> | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Where an event comes from: the fields of Debezium's `source` block that are not per row. */
export interface SourceContext {
  prefix: string;
  serverName: string;
  db: string;
  txId: number | null;
  /** Commit time (streaming) or snapshot start (snapshot), in microseconds since the epoch. */
  timeUs: number;
  /** LSN of the previous commit, for Debezium's `sequence` ("[lastCommitLsn, lsn]"). */
  lastCommitLsn: number | null;
  snapshot: SourceInfo['snapshot'];
}

export interface TransactionPosition {
  id: string;
  totalOrder: number;
  dataCollectionOrder: number;
}

/** Debezium names a table `<schema>.<table>` in transaction metadata. */
export const dataCollectionOf = (change: Pick<CapturedChange, 'schema' | 'table'>): string => `${change.schema}.${change.table}`;

/** The change event and, after a delete, its tombstone, as records for the event log. */
export function mapChangeToRecords(
  change: CapturedChange,
  context: SourceContext,
  transaction: TransactionPosition | null,
  nowMs: number,
): OutgoingRecord[] {
  const topic = rawTopic(context.prefix, change.table);
  const key = change.key === null ? null : JSON.stringify(change.key);
  const timestamp = Math.floor(context.timeUs / 1000);
  const event: ChangeEvent = {
    before: change.before,
    after: change.after,
    source: buildSource(change, context),
    transaction: transaction
      ? { id: transaction.id, total_order: transaction.totalOrder, data_collection_order: transaction.dataCollectionOrder }
      : null,
    op: change.op,
    ts_ms: nowMs,
    ts_us: nowMs * 1000,
    ts_ns: nowMs * 1_000_000,
  };
  const records: OutgoingRecord[] = [{ topic, key, value: JSON.stringify(event), timestamp }];
  // Debezium's tombstones.on.delete=true: lets a compacted topic forget the key entirely.
  if (change.op === 'd') records.push({ topic, key, value: null, timestamp });
  return records;
}

function buildSource(change: CapturedChange, context: SourceContext): SourceInfo {
  const tsMs = Math.floor(context.timeUs / 1000);
  return {
    version: DEBEZIUM_COMPATIBLE_VERSION,
    connector: 'postgresql',
    name: context.serverName,
    ts_ms: tsMs,
    snapshot: context.snapshot,
    db: context.db,
    sequence: JSON.stringify([context.lastCommitLsn === null ? null : String(context.lastCommitLsn), String(change.lsn)]),
    ts_us: context.timeUs,
    ts_ns: context.timeUs * 1000,
    schema: change.schema,
    table: change.table,
    txId: context.txId,
    lsn: change.lsn,
    xmin: null,
  };
}
