import { randomBytes } from 'node:crypto';
import type { BulkOperation, IndexDefinition } from '../search.port';

/** A unique index name per test, so tests never see each other's documents. */
export function uniqueIndexName(prefix = 'contract'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** A delivery-shaped index using every field type and option the port offers. */
export function contractDefinition(name: string): IndexDefinition {
  return {
    name,
    fields: [
      { path: 'customer.first_name', type: 'text', weight: 'A', fuzzy: true, sortable: true },
      { path: 'customer.last_name', type: 'text', weight: 'A', fuzzy: true },
      { path: 'details.to_address', type: 'text', weight: 'B', fuzzy: true },
      { path: 'notes', type: 'text', weight: 'C' },
      { path: 'items.product_name', type: 'text', weight: 'D' },
      { path: 'status', type: 'keyword', facet: true, sortable: true },
      { path: 'details.to_city', type: 'keyword', facet: true, weight: 'B' },
      { path: 'priority', type: 'keyword', facet: true },
      { path: 'mileage', type: 'float', sortable: true },
      { path: 'attempt_count', type: 'integer' },
      { path: 'dispatch_at', type: 'date', sortable: true },
      { path: 'paid', type: 'boolean' },
    ],
  };
}

export interface DeliveryFixture {
  id: string;
  first: string;
  last: string;
  address: string;
  city: string;
  status: string;
  priority: string;
  notes: string;
  products: string[];
  mileage: number;
  dispatchAt: string;
}

export function deliveryDocument(fixture: DeliveryFixture): Record<string, unknown> {
  return {
    id: fixture.id,
    customer: { first_name: fixture.first, last_name: fixture.last },
    details: { to_address: fixture.address, to_city: fixture.city },
    status: fixture.status,
    priority: fixture.priority,
    notes: fixture.notes,
    items: fixture.products.map((product_name) => ({ product_name })),
    mileage: fixture.mileage,
    attempt_count: 1,
    dispatch_at: fixture.dispatchAt,
    paid: fixture.status === 'delivered',
  };
}

/** Eight deliveries with overlapping words, so that matching rules are visible in the results. */
export const DELIVERIES: DeliveryFixture[] = [
  { id: 'd1', first: 'Sally', last: 'Hansen', address: '12 Harbour Road', city: 'oslo', status: 'pending', priority: 'high',
    notes: 'Parcel left at door', products: ['Blue Kettle', 'Tea Cups'], mileage: 12.5, dispatchAt: '2025-03-01T08:00:00Z' },
  { id: 'd2', first: 'Samuel', last: 'Berg', address: '3 Market Street', city: 'bergen', status: 'in_transit', priority: 'low',
    notes: 'Call Sally before arrival', products: ['Red Kettle'], mileage: 40, dispatchAt: '2025-03-02T09:30:00Z' },
  { id: 'd3', first: 'Maria', last: 'Lopez', address: '7 Harbour Lane', city: 'oslo', status: 'delivered', priority: 'medium',
    notes: 'door left at the back, ring twice', products: ['Green Lamp'], mileage: 3.2, dispatchAt: '2025-03-03T10:00:00Z' },
  { id: 'd4', first: 'Jonas', last: 'Hansen', address: '99 Fjord Avenue', city: 'bergen', status: 'pending', priority: 'high',
    notes: 'Fragile glass', products: ['Glass Vase', 'Blue Lamp'], mileage: 25, dispatchAt: '2025-03-04T11:15:00Z' },
  { id: 'd5', first: 'Ingrid', last: 'Nilsen', address: '1 Harbour Road', city: 'trondheim', status: 'failed', priority: 'medium',
    notes: 'Nobody home', products: ['Desk Chair'], mileage: 60.75, dispatchAt: '2025-03-05T12:00:00Z' },
  { id: 'd6', first: 'Sallie', last: 'Moe', address: '5 Station Square', city: 'oslo', status: 'in_transit', priority: 'low',
    notes: 'Leave with neighbour', products: ['Blue Kettle'], mileage: 8, dispatchAt: '2025-03-06T13:45:00Z' },
  { id: 'd7', first: 'Erik', last: 'Dahl', address: '22 Mountain Road', city: 'tromso', status: 'delivered', priority: 'high',
    notes: 'Signed by reception', products: ['Office Desk'], mileage: 120, dispatchAt: '2025-03-07T14:00:00Z' },
  { id: 'd8', first: 'Kari', last: 'Nordmann', address: '4 Harbour Road', city: 'oslo', status: 'cancelled', priority: 'medium',
    notes: 'Customer cancelled by phone', products: [], mileage: 0, dispatchAt: '2025-03-08T15:30:00Z' },
];

export function upsertsOf(fixtures: DeliveryFixture[], version = 1): BulkOperation[] {
  return fixtures.map((fixture) => ({ op: 'upsert', id: fixture.id, version, document: deliveryDocument(fixture) }));
}

export const idsOf = (hits: { id: string }[]) => hits.map((hit) => hit.id);
