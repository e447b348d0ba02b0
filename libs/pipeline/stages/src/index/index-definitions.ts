import type { IndexDefinition } from '@dsm/search';

/**
 * The three search indices. Text weights: A for what people search by (names, PO, the drop-off
 * city), B for addresses, pick-up cities and products, C for free notes. Facets are the keyword
 * fields the UI filters by (status, city, priority, type); a weighted keyword (a city) is also
 * found by free text. Dates are sortable.
 */
export const DELIVERIES_INDEX: IndexDefinition = {
  name: 'deliveries',
  fields: [
    { path: 'id', type: 'integer', sortable: true },
    { path: 'status', type: 'keyword', facet: true },
    { path: 'delivery_type', type: 'keyword', facet: true },
    { path: 'order.priority', type: 'keyword', facet: true },
    { path: 'details.to_city', type: 'keyword', facet: true, weight: 'A' },
    { path: 'details.to_country', type: 'keyword' },
    { path: 'order.po', type: 'text', weight: 'A' },
    { path: 'customer.first_name', type: 'text', weight: 'A', fuzzy: true },
    { path: 'customer.last_name', type: 'text', weight: 'A', fuzzy: true, sortable: true },
    { path: 'customer.email', type: 'keyword' },
    { path: 'organization.name', type: 'text', weight: 'B', fuzzy: true },
    { path: 'details.to_contact_name', type: 'text', weight: 'A', fuzzy: true },
    { path: 'details.to_address', type: 'text', weight: 'B', fuzzy: true },
    { path: 'details.from_address', type: 'text', weight: 'C', fuzzy: true },
    { path: 'details.from_city', type: 'keyword', weight: 'B' },
    { path: 'items.product.name', type: 'text', weight: 'B' },
    { path: 'items.product.sku', type: 'keyword' },
    { path: 'notes', type: 'text', weight: 'C' },
    { path: 'mileage', type: 'integer', sortable: true },
    { path: 'dispatch_at', type: 'date', sortable: true },
    { path: 'created_at', type: 'date', sortable: true },
    { path: 'updated_at', type: 'date', sortable: true },
  ],
};

export const ORDERS_INDEX: IndexDefinition = {
  name: 'orders',
  fields: [
    { path: 'id', type: 'integer', sortable: true },
    { path: 'status', type: 'keyword', facet: true },
    { path: 'priority', type: 'keyword', facet: true },
    { path: 'po', type: 'text', weight: 'A', sortable: true },
    { path: 'customer.first_name', type: 'text', weight: 'A', fuzzy: true },
    { path: 'customer.last_name', type: 'text', weight: 'A', fuzzy: true, sortable: true },
    { path: 'customer.email', type: 'keyword' },
    { path: 'organization.name', type: 'text', weight: 'B', fuzzy: true },
    { path: 'items.product.name', type: 'text', weight: 'B' },
    { path: 'items.product.sku', type: 'keyword' },
    { path: 'invoices.number', type: 'keyword' },
    { path: 'deliveries.details.to_city', type: 'text', weight: 'C' },
    { path: 'order_date', type: 'date', sortable: true },
    { path: 'created_at', type: 'date', sortable: true },
    { path: 'updated_at', type: 'date', sortable: true },
  ],
};

export const DELIVERY_EVENTS_INDEX: IndexDefinition = {
  name: 'delivery-events',
  fields: [
    { path: 'aggregate_type', type: 'keyword', facet: true },
    { path: 'aggregate_id', type: 'keyword' },
    { path: 'type', type: 'keyword', facet: true },
    { path: 'tx', type: 'keyword' },
    { path: 'created_at', type: 'date', sortable: true },
  ],
};

export const INDEX_DEFINITIONS: readonly IndexDefinition[] = [DELIVERIES_INDEX, ORDERS_INDEX, DELIVERY_EVENTS_INDEX];

export function indexDefinition(name: string): IndexDefinition {
  const definition = INDEX_DEFINITIONS.find((candidate) => candidate.name === name);
  if (!definition) throw new Error(`Unknown index "${name}"; use one of ${INDEX_DEFINITIONS.map((d) => d.name).join(', ')}`);
  return definition;
}
