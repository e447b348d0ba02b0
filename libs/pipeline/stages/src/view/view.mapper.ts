import { RowSchema, cityOrdersTopic, viewTopic, type AggregateDeclaration } from '@dsm/contracts';
import type { ConsumedRecord, OutgoingRecord } from '@dsm/eventlog';
import { HEADER } from '../shared/headers';
import { changedColumns, type RowChange } from './affected-roots';
import type { RebuiltDocument } from './view.repository';

/** A clean record as a row change: its row (without the delete marker) and its before image. */
export function toRowChange(prefix: string, record: ConsumedRecord): RowChange {
  const parsed = RowSchema.parse(JSON.parse(record.value ?? 'null'));
  const after = Object.fromEntries(Object.entries(parsed).filter(([column]) => column !== '__deleted'));
  const table = record.headers[HEADER.table] ?? record.topic.slice(`${prefix}.clean.`.length);
  const before = record.headers[HEADER.before];
  if (!before) return { table, rows: [after] };
  const beforeRow = RowSchema.parse(JSON.parse(before));
  return { table, rows: [after, beforeRow], ...(record.headers[HEADER.op] === 'u' ? { changed: changedColumns(after, beforeRow) } : {}) };
}

export interface ViewUnit {
  id: string;
  /** Commit-ordered version of the newest transaction applied (see HEADER.version). */
  version: number;
  tx: string | null;
  sourceTs: number | null;
}

/**
 * The documents of one batch as one group: every record names the group and its size, so the
 * index stage writes them together; a missing root becomes a tombstone. The document's version
 * is the newest transaction applied: the read may already include later commits, which only ever
 * moves the document forward.
 */
export function mapDocuments(prefix: string, aggregate: AggregateDeclaration, documents: RebuiltDocument[], unit: ViewUnit, size: number): OutgoingRecord[] {
  const headers = {
    [HEADER.unit]: unit.id,
    [HEADER.unitSize]: String(size),
    [HEADER.version]: String(unit.version),
    ...(unit.tx ? { [HEADER.tx]: unit.tx } : {}),
    ...(unit.sourceTs !== null ? { [HEADER.sourceTs]: String(unit.sourceTs) } : {}),
  };
  return documents.map((doc) => ({
    topic: viewTopic(prefix, aggregate.name),
    key: doc.id,
    value: doc.document ? JSON.stringify({ ...doc.document, version: unit.version }) : null,
    headers,
  }));
}

/**
 * Seed 002's per-city order topics. An order has no city of its own (customers and organizations
 * have no address in the schema); its destination is on its deliveries' details. So each rebuilt
 * FullOrder goes to `<prefix>.orders.city.<slug>` of every distinct `to_city` of its deliveries:
 * here, in the view stage, because only the joined document knows both. A delivery moving to
 * another city adds the order to the new city's topic; the old topic keeps its history.
 */
export function mapCityRoutes(prefix: string, documents: RebuiltDocument[], unit: ViewUnit): OutgoingRecord[] {
  const records: OutgoingRecord[] = [];
  for (const { id, document } of documents) {
    if (!document) continue;
    const deliveries = Array.isArray(document['deliveries']) ? (document['deliveries'] as { details?: { to_city?: unknown } | null }[]) : [];
    const cities = new Set(deliveries.map((delivery) => delivery.details?.to_city).filter((city): city is string => typeof city === 'string' && city !== ''));
    for (const city of cities) {
      records.push({
        topic: cityOrdersTopic(prefix, city),
        key: id,
        value: JSON.stringify({ ...document, version: unit.version }),
        headers: { [HEADER.version]: String(unit.version), ...(unit.tx ? { [HEADER.tx]: unit.tx } : {}), city },
      });
    }
  }
  return records;
}
