import { z } from 'zod';
import { IdSchema } from './common.schema';
import { RoleSchema } from './auth.schema';
import { InvoiceStatusSchema } from './invoice.schema';
import { OrderPrioritySchema, OrderStatusSchema } from './order.schema';

/** `sort=name` ascending, `sort=-name` descending, over the columns a list allows. */
const sortOf = <const C extends readonly [string, ...string[]]>(columns: C) =>
  z.enum([...columns, ...columns.map((column) => `-${column}`)] as [string, ...string[]]).optional();

const page = {
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  size: z.coerce.number().int().min(1).max(200).default(25),
  q: z.string().trim().max(200).optional(),
};

/** List queries are strict: an unknown parameter is a 400, never silently ignored. */
export const OrganizationListQuerySchema = z.strictObject({ ...page, sort: sortOf(['id', 'name', 'created_at']) });

export const CustomerListQuerySchema = z.strictObject({
  ...page,
  organization_id: IdSchema.optional(),
  sort: sortOf(['id', 'last_name', 'email', 'created_at']),
});

export const ProductListQuerySchema = z.strictObject({ ...page, sort: sortOf(['id', 'name', 'sku', 'price', 'created_at']) });

export const OrderListQuerySchema = z.strictObject({
  ...page,
  organization_id: IdSchema.optional(),
  customer_id: IdSchema.optional(),
  status: OrderStatusSchema.optional(),
  priority: OrderPrioritySchema.optional(),
  sort: sortOf(['id', 'po', 'order_date', 'priority', 'created_at']),
});

export const InvoiceListQuerySchema = z.strictObject({
  ...page,
  order_id: IdSchema.optional(),
  status: InvoiceStatusSchema.optional(),
  sort: sortOf(['id', 'number', 'due_date', 'amount', 'created_at']),
});

export const UserListQuerySchema = z.strictObject({ ...page, role: RoleSchema.optional(), sort: sortOf(['id', 'email', 'created_at']) });

export type ListQuery = { page: number; size: number; q?: string; sort?: string };
