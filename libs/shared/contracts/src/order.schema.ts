import { z } from 'zod';
import { DateOnlySchema, IdSchema, TimestampSchema, text } from './common.schema';

export const ORDER_PRIORITIES = ['low', 'medium', 'high'] as const;
export const ORDER_STATUSES = ['open', 'fulfilled', 'cancelled'] as const;
export const OrderPrioritySchema = z.enum(ORDER_PRIORITIES);
export const OrderStatusSchema = z.enum(ORDER_STATUSES);

export const OrderItemInputSchema = z.strictObject({
  product_id: IdSchema,
  quantity: z.number().int().min(1).max(100_000),
});

export const OrderInputSchema = z.strictObject({
  organization_id: IdSchema,
  customer_id: IdSchema,
  po: text(64),
  priority: OrderPrioritySchema.default('medium'),
  status: OrderStatusSchema.default('open'),
  order_date: DateOnlySchema.optional(),
  items: z.array(OrderItemInputSchema).min(1).max(200),
});
/** A patch replaces the items when it names them. */
export const OrderPatchSchema = z.strictObject({
  po: text(64).optional(),
  priority: OrderPrioritySchema.optional(),
  status: OrderStatusSchema.optional(),
  order_date: DateOnlySchema.optional(),
  items: z.array(OrderItemInputSchema).min(1).max(200).optional(),
});

export const OrderItemSchema = OrderItemInputSchema.extend({ id: IdSchema, order_id: IdSchema });
export const OrderSchema = z.object({
  id: IdSchema,
  organization_id: IdSchema,
  customer_id: IdSchema,
  po: z.string(),
  priority: OrderPrioritySchema,
  status: OrderStatusSchema,
  order_date: DateOnlySchema,
  items: z.array(OrderItemSchema),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type OrderPriority = z.infer<typeof OrderPrioritySchema>;
export type OrderInput = z.infer<typeof OrderInputSchema>;
export type OrderPatch = z.infer<typeof OrderPatchSchema>;
export type Order = z.infer<typeof OrderSchema>;
