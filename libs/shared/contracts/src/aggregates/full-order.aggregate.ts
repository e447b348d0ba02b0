import { z } from 'zod';
import { DateOnlySchema, IdSchema, TimestampSchema } from '../common.schema';
import { DeliveryStatusSchema, DeliveryTypeSchema } from '../delivery.schema';
import { InvoiceStatusSchema } from '../invoice.schema';
import { OrderPrioritySchema, OrderStatusSchema } from '../order.schema';
import type { AggregateDeclaration } from './aggregate';

/**
 * One document per order (seed 004): the order with its organization, customer, items with
 * products, invoices and a summary of its deliveries. A customer rename or a product price change
 * rebuilds every order that refers to them.
 */
export const FULL_ORDER: AggregateDeclaration = {
  name: 'full_order',
  index: 'orders',
  root: {
    table: 'orders',
    fields: ['id', 'po', 'priority', 'status', 'order_date', 'created_at', 'updated_at'],
    relations: {
      organization: { kind: 'lookup', key: 'organization_id', table: 'organizations', fields: ['id', 'name'] },
      customer: { kind: 'lookup', key: 'customer_id', table: 'customers', fields: ['id', 'first_name', 'last_name', 'email', 'phone'] },
      items: {
        kind: 'child', key: 'order_id', many: true, orderBy: 'id', table: 'order_items', fields: ['id', 'quantity'],
        relations: { product: { kind: 'lookup', key: 'product_id', table: 'products', fields: ['id', 'name', 'sku', 'price'] } },
      },
      invoices: { kind: 'child', key: 'order_id', many: true, orderBy: 'id', table: 'invoices', fields: ['id', 'number', 'amount', 'due_date', 'status'] },
      deliveries: {
        kind: 'child', key: 'order_id', many: true, orderBy: 'id', table: 'deliveries', fields: ['id', 'delivery_type', 'status', 'dispatch_at'],
        relations: { details: { kind: 'child', key: 'delivery_id', table: 'delivery_details', fields: ['to_city', 'to_country'] } },
      },
    },
  },
};

export const FullOrderSchema = z.object({
  id: IdSchema,
  po: z.string(),
  priority: OrderPrioritySchema,
  status: OrderStatusSchema,
  order_date: DateOnlySchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
  organization: z.object({ id: IdSchema, name: z.string() }).nullable(),
  customer: z.object({ id: IdSchema, first_name: z.string(), last_name: z.string(), email: z.string(), phone: z.string().nullable() }).nullable(),
  items: z.array(
    z.object({ id: IdSchema, quantity: z.number().int(), product: z.object({ id: IdSchema, name: z.string(), sku: z.string(), price: z.number() }).nullable() }),
  ),
  invoices: z.array(z.object({ id: IdSchema, number: z.string(), amount: z.number(), due_date: DateOnlySchema, status: InvoiceStatusSchema })),
  deliveries: z.array(
    z.object({
      id: IdSchema,
      delivery_type: DeliveryTypeSchema,
      status: DeliveryStatusSchema,
      dispatch_at: TimestampSchema.nullable(),
      details: z.object({ to_city: z.string(), to_country: z.string() }).nullable(),
    }),
  ),
  /** Source LSN this document reflects (commit LSN of the latest transaction applied). */
  version: z.number().int().nonnegative(),
});
export type FullOrder = z.infer<typeof FullOrderSchema>;
