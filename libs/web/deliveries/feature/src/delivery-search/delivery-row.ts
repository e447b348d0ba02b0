import type { SearchHit } from '@dsm/web/data-access';
import { fullName } from '@dsm/web/util';

/** What one search result row shows. */
export interface DeliveryRow {
  id: string;
  status: string;
  type: string;
  po: string;
  priority: string;
  customer: string;
  fromCity: string;
  toCity: string;
  dispatchAt: string | null;
}

type Doc = Record<string, unknown>;

/**
 * Reads a joined delivery document from the index. The view stage nests the order, customer and
 * details; flat field names are accepted too, so the list keeps working if the shape is flattened.
 */
export function toDeliveryRow(hit: SearchHit): DeliveryRow {
  const doc = hit.document;
  const order = objectAt(doc, 'order');
  const details = objectAt(doc, 'details') ?? objectAt(doc, 'delivery_details') ?? doc;
  const customer = objectAt(doc, 'customer') ?? (order && objectAt(order, 'customer'));
  return {
    id: stringAt(doc, 'id') || hit.id,
    status: stringAt(doc, 'status'),
    type: stringAt(doc, 'delivery_type'),
    po: (order && stringAt(order, 'po')) || stringAt(doc, 'po'),
    priority: (order && stringAt(order, 'priority')) || stringAt(doc, 'priority'),
    customer: fullName(customer ?? undefined) || stringAt(doc, 'customer_name'),
    fromCity: stringAt(details, 'from_city'),
    toCity: stringAt(details, 'to_city'),
    dispatchAt: stringAt(doc, 'dispatch_at') || null,
  };
}

function objectAt(doc: Doc, key: string): Doc | null {
  const value = doc[key];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Doc) : null;
}

function stringAt(doc: Doc, key: string): string {
  const value = doc[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}
