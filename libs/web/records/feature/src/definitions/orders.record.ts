import { ORDER_PRIORITIES, ORDER_STATUSES, OrderInputSchema, OrderPatchSchema } from '@dsm/contracts';
import { OrdersApi } from '@dsm/web/data-access';
import { type LookupConfig, type RecordConfig, text } from '../record-config';

export const ORDER_LOOKUP: LookupConfig = {
  api: OrdersApi,
  label: (row) => `PO ${text(row, 'po')} · ${text(row, 'order_date')}`,
};

/** Orders have their own form (items); the list is the generic one. */
export const ORDERS: RecordConfig = {
  path: 'orders',
  title: 'Orders',
  singular: 'Order',
  icon: 'receipt_long',
  api: OrdersApi,
  columns: [
    { key: 'po', header: 'PO', value: (row) => text(row, 'po'), sort: 'po' },
    { key: 'priority', header: 'Priority', value: (row) => text(row, 'priority'), sort: 'priority', chip: true },
    { key: 'status', header: 'Status', value: (row) => text(row, 'status'), chip: true },
    { key: 'order_date', header: 'Date', value: (row) => text(row, 'order_date'), sort: 'order_date' },
    { key: 'items', header: 'Items', value: (row) => String(Array.isArray(row['items']) ? row['items'].length : 0) },
  ],
  fields: [
    { key: 'po', label: 'PO', kind: 'text' },
    { key: 'priority', label: 'Priority', kind: 'select', options: ORDER_PRIORITIES },
    { key: 'status', label: 'Status', kind: 'select', options: ORDER_STATUSES },
  ],
  createSchema: OrderInputSchema,
  patchSchema: OrderPatchSchema,
};
