import { z } from 'zod';
import { DateOnlySchema, IdSchema, TimestampSchema } from '../common.schema';
import { DeliveryStatusSchema, DeliveryTypeSchema, RecordableStateSchema } from '../delivery.schema';
import { OrderPrioritySchema, OrderStatusSchema } from '../order.schema';
import type { AggregateDeclaration } from './aggregate';

const DETAILS_FIELDS = [
  'from_contact_name', 'from_address', 'from_city', 'from_state', 'from_zip', 'from_country', 'from_phone_number', 'from_instructions',
  'to_contact_name', 'to_address', 'to_city', 'to_state', 'to_zip', 'to_country', 'to_phone_number', 'to_instructions',
] as const;

/**
 * One document per delivery: the delivery, its addresses, its order with the order's
 * organization, customer and items (with products), and every attempt with its state changes.
 * `status` is the current status (the state machine copies it onto the delivery row).
 */
export const FULL_DELIVERY: AggregateDeclaration = {
  name: 'full_delivery',
  index: 'deliveries',
  root: {
    table: 'deliveries',
    fields: ['id', 'order_id', 'delivery_type', 'status', 'notes', 'dispatch_at', 'mileage', 'created_at', 'updated_at'],
    relations: {
      details: { kind: 'child', key: 'delivery_id', table: 'delivery_details', fields: ['id', ...DETAILS_FIELDS] },
      order: { kind: 'lookup', key: 'order_id', table: 'orders', fields: ['id', 'po', 'priority', 'status', 'order_date', 'created_at', 'updated_at'] },
      organization: { kind: 'lookup', key: 'organization_id', via: 'order', table: 'organizations', fields: ['id', 'name'] },
      customer: { kind: 'lookup', key: 'customer_id', via: 'order', table: 'customers', fields: ['id', 'first_name', 'last_name', 'email', 'phone'] },
      items: {
        kind: 'child', key: 'order_id', via: 'order', many: true, orderBy: 'id', table: 'order_items', fields: ['id', 'quantity'],
        relations: { product: { kind: 'lookup', key: 'product_id', table: 'products', fields: ['id', 'name', 'sku', 'price'] } },
      },
      attempts: {
        kind: 'child', key: 'delivery_id', many: true, orderBy: 'number', table: 'attempts', fields: ['id', 'number', 'status', 'created_at', 'updated_at'],
        relations: {
          state_changes: { kind: 'child', key: 'attempt_id', many: true, orderBy: 'id', table: 'state_changes', fields: ['id', 'state', 'reason', 'recorded_by', 'created_at'] },
        },
      },
    },
  },
};

const nullableText = z.string().nullable();
const ProductRefSchema = z.object({ id: IdSchema, name: z.string(), sku: z.string(), price: z.number() });

export const FullDeliveryDetailsSchema = z.object({
  id: IdSchema,
  ...Object.fromEntries(DETAILS_FIELDS.map((field) => [field, nullableText])),
}) as z.ZodObject<{ id: typeof IdSchema } & Record<(typeof DETAILS_FIELDS)[number], typeof nullableText>>;

export const FullDeliverySchema = z.object({
  id: IdSchema,
  order_id: IdSchema,
  delivery_type: DeliveryTypeSchema,
  status: DeliveryStatusSchema,
  notes: nullableText,
  dispatch_at: TimestampSchema.nullable(),
  mileage: z.number().int().nullable(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
  details: FullDeliveryDetailsSchema.nullable(),
  order: z
    .object({ id: IdSchema, po: z.string(), priority: OrderPrioritySchema, status: OrderStatusSchema, order_date: DateOnlySchema, created_at: TimestampSchema, updated_at: TimestampSchema })
    .nullable(),
  organization: z.object({ id: IdSchema, name: z.string() }).nullable(),
  customer: z.object({ id: IdSchema, first_name: z.string(), last_name: z.string(), email: z.string(), phone: nullableText }).nullable(),
  items: z.array(z.object({ id: IdSchema, quantity: z.number().int(), product: ProductRefSchema.nullable() })),
  attempts: z.array(
    z.object({
      id: IdSchema,
      number: z.number().int(),
      status: DeliveryStatusSchema,
      created_at: TimestampSchema,
      updated_at: TimestampSchema,
      state_changes: z.array(z.object({ id: IdSchema, state: RecordableStateSchema, reason: nullableText, recorded_by: nullableText, created_at: TimestampSchema })),
    }),
  ),
  /** Source LSN this document reflects (commit LSN of the latest transaction applied). */
  version: z.number().int().nonnegative(),
});
export type FullDelivery = z.infer<typeof FullDeliverySchema>;
