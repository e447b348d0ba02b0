import { IdSchema } from '@dsm/contracts';
import { z } from 'zod';

/** The outbox aggregates whose events can lead to an e-mail: `<prefix>.outbox.<aggregate>`. */
export const NOTIFY_AGGREGATES = ['order', 'invoice', 'delivery'] as const;

/**
 * Headers of a routed outbox record: `id` is the outbox row id (the event id, unique per event,
 * the same on every redelivery); the event type travels as `eventType` (Debezium's outbox router
 * with `table.fields.additional.placement=type:header:eventType`) or `type`.
 */
export const OutboxHeadersSchema = z
  .object({ id: z.uuid(), eventType: z.string().min(1).optional(), type: z.string().min(1).optional() })
  .refine((headers) => headers.eventType ?? headers.type, { message: 'The record has no eventType header', path: ['eventType'] })
  .transform(({ id, eventType, type }) => ({ eventId: id, eventType: (eventType ?? type) as string }));

/** Only the fields a notification needs; the rest of each payload is read fresh at send time. */
export const OrderCreatedPayloadSchema = z.object({ id: IdSchema, priority: z.enum(['low', 'medium', 'high']) });
export const InvoiceCreatedPayloadSchema = z.object({ id: IdSchema, order_id: IdSchema });
export const DeliveryStatusChangedPayloadSchema = z.object({
  delivery_id: IdSchema,
  order_id: IdSchema,
  attempt: z.number().int().min(1),
  to: z.string(),
  reason: z.string().nullable().optional(),
});

/** What an outbox event asks for: which e-mail, about what. */
export type NotificationRequest =
  | { type: 'order_confirmation'; eventId: string; orderId: number }
  | { type: 'invoice_created'; eventId: string; invoiceId: number; orderId: number }
  | { type: 'delivery_delivered'; eventId: string; deliveryId: number; orderId: number; attempt: number }
  | { type: 'delivery_failed'; eventId: string; deliveryId: number; orderId: number; attempt: number; reason: string | null };
