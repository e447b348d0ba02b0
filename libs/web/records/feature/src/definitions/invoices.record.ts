import { INVOICE_STATUSES, InvoiceInputSchema, InvoicePatchSchema } from '@dsm/contracts';
import { InvoicesApi } from '@dsm/web/data-access';
import { type RecordConfig, money, text } from '../record-config';
import { ORDER_LOOKUP } from './orders.record';

export const INVOICES: RecordConfig = {
  path: 'invoices',
  title: 'Invoices',
  singular: 'Invoice',
  icon: 'request_quote',
  api: InvoicesApi,
  columns: [
    { key: 'number', header: 'Number', value: (row) => text(row, 'number'), sort: 'number' },
    { key: 'amount', header: 'Amount', value: (row) => money(row, 'amount'), sort: 'amount' },
    { key: 'due_date', header: 'Due', value: (row) => text(row, 'due_date'), sort: 'due_date' },
    { key: 'status', header: 'Status', value: (row) => text(row, 'status'), chip: true },
  ],
  fields: [
    { key: 'order_id', label: 'Order', kind: 'select', lookup: ORDER_LOOKUP, createOnly: true },
    { key: 'number', label: 'Number', kind: 'text' },
    { key: 'amount', label: 'Amount', kind: 'number', step: '0.01' },
    { key: 'due_date', label: 'Due date', kind: 'date' },
    { key: 'status', label: 'Status', kind: 'select', options: INVOICE_STATUSES },
  ],
  createSchema: InvoiceInputSchema,
  patchSchema: InvoicePatchSchema,
};
