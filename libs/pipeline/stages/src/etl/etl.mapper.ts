import {
  ChangeEventSchema, DeliveryEventSchema, TransactionEventSchema, cleanTopic, outboxTopic,
  type ChangeEvent, type TransactionEvent,
} from '@dsm/contracts';
import type { ConsumedRecord, Headers, OutgoingRecord } from '@dsm/eventlog';
import { HEADER, TRANSACTION_ENTITY } from '../shared/headers';
import { decodeRow } from './debezium-decode';

export interface EtlOutput {
  records: OutgoingRecord[];
  /** Clean entity the record counts for in the forwarded END (null: routed elsewhere or nothing). */
  entity: string | null;
}

/** Version of a change: strictly increasing in commit order and never above the commit LSN. */
export function changeVersion(event: ChangeEvent): number {
  const lsn = event.source.lsn ?? 0;
  const sequence = parseSequence(event.source.sequence);
  return Math.max(lsn, sequence === null ? 0 : sequence + 1);
}

function parseSequence(sequence: string | null | undefined): number | null {
  if (!sequence) return null;
  try {
    const [lastCommit] = JSON.parse(sequence) as [string | null];
    return lastCommit === null ? null : Number(lastCommit);
  } catch {
    return null;
  }
}

function metadata(event: ChangeEvent): Headers {
  const headers: Headers = {
    [HEADER.op]: event.op,
    [HEADER.table]: event.source.table,
    [HEADER.lsn]: String(event.source.lsn ?? 0),
    [HEADER.version]: String(changeVersion(event)),
    [HEADER.sourceTs]: String(event.source.ts_ms),
  };
  if (event.source.txId !== null) headers[HEADER.xid] = String(event.source.txId);
  if (event.transaction) {
    headers[HEADER.tx] = event.transaction.id;
    headers[HEADER.order] = String(event.transaction.total_order);
  }
  return headers;
}

/**
 * Debezium envelope → typed latest state on `<prefix>.clean.<table>` (Debezium's unwrap with
 * delete.handling.mode=rewrite: a delete carries the before image with `__deleted: true`, then a
 * tombstone), or, for the outbox, the event on `<prefix>.outbox.<aggregate_type>` keyed by the
 * aggregate id (outbox event router). Pure: replaying a record gives the same output. Throws on
 * a malformed record.
 */
export function mapChangeRecord(prefix: string, record: ConsumedRecord): EtlOutput {
  const event = ChangeEventSchema.parse(JSON.parse(record.value ?? 'null'));
  const table = event.source.table;
  const headers = metadata(event);
  if (table === 'outbox') return { records: mapOutbox(prefix, event, headers), entity: null };
  const topic = cleanTopic(prefix, table);
  if (event.op === 'd') {
    if (!event.before) throw new Error('delete without a before image');
    const before = decodeRow(table, event.before);
    return {
      records: [
        { topic, key: record.key, value: JSON.stringify({ ...before, __deleted: true }), headers, timestamp: event.source.ts_ms },
        { topic, key: record.key, value: null, headers, timestamp: event.source.ts_ms },
      ],
      entity: table,
    };
  }
  if (!event.after) throw new Error(`op ${event.op} without an after image`);
  const after = decodeRow(table, event.after, event.before);
  if (event.op === 'u' && event.before) headers[HEADER.before] = JSON.stringify(decodeRow(table, event.before));
  return { records: [{ topic, key: record.key, value: JSON.stringify(after), headers, timestamp: event.source.ts_ms }], entity: table };
}

/** Built once: zod compiles a schema on its first parse, so an `omit` per record paid that each time. */
const OutboxRowSchema = DeliveryEventSchema.omit({ tx: true });

function mapOutbox(prefix: string, event: ChangeEvent, headers: Headers): OutgoingRecord[] {
  // The outbox is insert-only in meaning: deleting processed rows must not emit anything.
  if ((event.op !== 'c' && event.op !== 'r') || !event.after) return [];
  const row = decodeRow('outbox', event.after);
  const outbox = OutboxRowSchema.parse(row);
  return [
    {
      topic: outboxTopic(prefix, outbox.aggregate_type),
      key: outbox.aggregate_id,
      value: JSON.stringify(outbox.payload),
      headers: { ...headers, [HEADER.eventId]: outbox.id, [HEADER.eventType]: outbox.type, [HEADER.aggregateType]: outbox.aggregate_type, created_at: outbox.created_at },
      timestamp: event.source.ts_ms,
    },
  ];
}

export function parseTransactionRecord(record: ConsumedRecord): TransactionEvent {
  return TransactionEventSchema.parse(JSON.parse(record.value ?? 'null'));
}

/** The forwarded END on `<prefix>.clean.transaction`, with counts of clean records. */
export function mapTransactionRecord(prefix: string, end: TransactionEvent, counts: Map<string, number>): OutgoingRecord {
  const forwarded: TransactionEvent = {
    ...end,
    event_count: [...counts.values()].reduce((sum, count) => sum + count, 0),
    data_collections: [...counts].map(([data_collection, event_count]) => ({ data_collection, event_count })),
  };
  return { topic: cleanTopic(prefix, TRANSACTION_ENTITY), key: JSON.stringify({ id: end.id }), value: JSON.stringify(forwarded), headers: { [HEADER.tx]: end.id } };
}
