import { z } from 'zod';
import { DateOnlySchema, IdSchema, MoneySchema, TimestampSchema, text } from './common.schema';

export const INVOICE_STATUSES = ['draft', 'issued', 'paid', 'void'] as const;
export const InvoiceStatusSchema = z.enum(INVOICE_STATUSES);

export const InvoiceInputSchema = z.strictObject({
  order_id: IdSchema,
  number: text(64),
  amount: MoneySchema,
  due_date: DateOnlySchema,
  status: InvoiceStatusSchema.default('issued'),
});
export const InvoicePatchSchema = InvoiceInputSchema.omit({ order_id: true }).partial();
export const InvoiceSchema = InvoiceInputSchema.extend({
  id: IdSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type InvoiceInput = z.infer<typeof InvoiceInputSchema>;
export type Invoice = z.infer<typeof InvoiceSchema>;
