import { z } from 'zod';

/**
 * Domain events the API writes to the `outbox` table in the same transaction as the rows they
 * describe. The pipeline routes them by `aggregate_type` to `<prefix>.outbox.<aggregate>`
 * (Debezium's outbox event router semantics). `payload` is the entity as the API returned it,
 * except `delivery.status_changed`, which carries the transition (DeliveryStatusChangedSchema).
 */
export const OUTBOX_EVENT_TYPES = [
  'organization.created', 'organization.updated', 'organization.deleted',
  'customer.created', 'customer.updated', 'customer.deleted',
  'product.created', 'product.updated', 'product.deleted',
  'order.created', 'order.updated', 'order.deleted',
  'invoice.created', 'invoice.updated', 'invoice.deleted',
  'delivery.created', 'delivery.updated', 'delivery.attempt_started', 'delivery.status_changed',
] as const;
export const OutboxEventTypeSchema = z.enum(OUTBOX_EVENT_TYPES);
export type OutboxEventType = z.infer<typeof OutboxEventTypeSchema>;

export const OUTBOX_AGGREGATES = ['organization', 'customer', 'product', 'order', 'invoice', 'delivery'] as const;
export type OutboxAggregate = (typeof OUTBOX_AGGREGATES)[number];

export const OutboxRowSchema = z.object({
  id: z.uuid(),
  aggregate_type: z.enum(OUTBOX_AGGREGATES),
  aggregate_id: z.string(),
  type: OutboxEventTypeSchema,
  payload: z.record(z.string(), z.unknown()),
  created_at: z.string(),
});
export type OutboxRow = z.infer<typeof OutboxRowSchema>;

/** `delivery.status_changed` payload: enough for a notification without another read. */
export const DeliveryStatusChangedSchema = z.object({
  delivery_id: z.number(),
  order_id: z.number(),
  attempt: z.number().int(),
  from: z.string(),
  to: z.string(),
  reason: z.string().nullable(),
  recorded_by: z.string().nullable(),
});
export type DeliveryStatusChanged = z.infer<typeof DeliveryStatusChangedSchema>;
