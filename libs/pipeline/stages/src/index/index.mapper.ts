import {
  AGGREGATES, DeliveryEventSchema, FullDeliverySchema, FullOrderSchema, viewTopic,
  type AggregateDeclaration,
} from '@dsm/contracts';
import type { ConsumedRecord } from '@dsm/eventlog';
import type { BulkOperation } from '@dsm/search';
import type { z } from 'zod';
import { HEADER } from '../shared/headers';
import type { UnitRole } from '../shared/unit-assembler';
import { DELIVERY_EVENTS_INDEX } from './index-definitions';

const DOCUMENT_SCHEMAS: Record<AggregateDeclaration['name'], z.ZodType<Record<string, unknown>>> = {
  full_delivery: FullDeliverySchema,
  full_order: FullOrderSchema,
};

export interface IndexOperation {
  index: string;
  operation: BulkOperation;
  record: ConsumedRecord;
}

/** View documents travel in groups (one per view batch); outbox events stand alone. */
export function classifyIndexRecord(record: ConsumedRecord): UnitRole {
  const unit = record.headers[HEADER.unit];
  const size = Number(record.headers[HEADER.unitSize]);
  if (!unit || !Number.isInteger(size) || size < 1) return { kind: 'standalone' };
  return { kind: 'member', unit, slot: `${record.topic}\u0000${record.key}`, collection: record.topic, expectedTotal: size };
}

function versionOf(record: ConsumedRecord): number {
  const version = Number(record.headers[HEADER.version]);
  if (!Number.isSafeInteger(version) || version < 0) throw new Error(`record has no valid ${HEADER.version} header`);
  return version;
}

const aggregateOfViewTopic = (prefix: string, topic: string) => AGGREGATES.find((candidate) => viewTopic(prefix, candidate.name) === topic);

/** The index a topic's records land in: a view topic's aggregate index, or the events index (outbox). */
export function indexFedBy(prefix: string, topic: string): string {
  return aggregateOfViewTopic(prefix, topic)?.index ?? DELIVERY_EVENTS_INDEX.name;
}

/**
 * A view document → upsert (version = source LSN) or, for a tombstone, delete; an outbox event →
 * an upsert into "delivery-events" keyed by the event id. Throws on a record that does not parse
 * (the stage dead-letters it).
 */
export function mapIndexRecord(prefix: string, record: ConsumedRecord): IndexOperation {
  const aggregate = aggregateOfViewTopic(prefix, record.topic);
  if (aggregate) {
    if (!record.key) throw new Error('view document without a key');
    const version = versionOf(record);
    if (record.value === null) return { index: aggregate.index, record, operation: { op: 'delete', id: record.key, version } };
    const document = DOCUMENT_SCHEMAS[aggregate.name].parse(JSON.parse(record.value));
    return { index: aggregate.index, record, operation: { op: 'upsert', id: record.key, version, document } };
  }
  const event = DeliveryEventSchema.parse({
    id: record.headers[HEADER.eventId],
    aggregate_type: record.headers[HEADER.aggregateType],
    aggregate_id: record.key,
    type: record.headers[HEADER.eventType],
    payload: JSON.parse(record.value ?? 'null'),
    created_at: record.headers['created_at'],
    tx: record.headers[HEADER.tx] ?? null,
  });
  return { index: DELIVERY_EVENTS_INDEX.name, record, operation: { op: 'upsert', id: event.id, version: versionOf(record), document: event } };
}

/** Keeps the newest operation per document (a later record wins a tie), grouped by index. */
export function groupByIndex(operations: IndexOperation[]): Map<string, IndexOperation[]> {
  const latest = new Map<string, IndexOperation>();
  for (const operation of operations) {
    const key = `${operation.index}\u0000${operation.operation.id}`;
    const known = latest.get(key);
    if (!known || operation.operation.version >= known.operation.version) latest.set(key, operation);
  }
  const groups = new Map<string, IndexOperation[]>();
  for (const operation of latest.values()) groups.set(operation.index, [...(groups.get(operation.index) ?? []), operation]);
  return groups;
}
