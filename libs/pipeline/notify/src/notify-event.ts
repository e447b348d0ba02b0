import type { ConsumedRecord } from '@dsm/eventlog';
import {
  DeliveryStatusChangedPayloadSchema,
  InvoiceCreatedPayloadSchema,
  OrderCreatedPayloadSchema,
  OutboxHeadersSchema,
  type NotificationRequest,
} from './notify-event.schema';

/** An event that sends nothing (another event type, a medium-priority order, a tombstone). */
export const NO_NOTIFICATION = null;

/**
 * Maps one outbox record to the e-mail it asks for. Pure: a replay gives the same answer.
 * Throws (a zod error) on a record that claims to be a notifying event but does not parse; the
 * stage dead-letters those.
 */
export function toNotificationRequest(record: ConsumedRecord): NotificationRequest | typeof NO_NOTIFICATION {
  if (record.value === null) return NO_NOTIFICATION;
  const { eventId, eventType } = OutboxHeadersSchema.parse(record.headers);
  switch (eventType) {
    case 'order.created': {
      const order = OrderCreatedPayloadSchema.parse(parseJson(record.value));
      return order.priority === 'high' ? { type: 'order_confirmation', eventId, orderId: order.id } : NO_NOTIFICATION;
    }
    case 'invoice.created': {
      const invoice = InvoiceCreatedPayloadSchema.parse(parseJson(record.value));
      return { type: 'invoice_created', eventId, invoiceId: invoice.id, orderId: invoice.order_id };
    }
    case 'delivery.status_changed':
      return toDeliveryRequest(eventId, parseJson(record.value));
    default:
      return NO_NOTIFICATION;
  }
}

function toDeliveryRequest(eventId: string, value: unknown): NotificationRequest | typeof NO_NOTIFICATION {
  const change = DeliveryStatusChangedPayloadSchema.parse(value);
  const ids = { eventId, deliveryId: change.delivery_id, orderId: change.order_id, attempt: change.attempt };
  if (change.to === 'delivered') return { type: 'delivery_delivered', ...ids };
  if (change.to === 'failed') return { type: 'delivery_failed', ...ids, reason: change.reason ?? null };
  return NO_NOTIFICATION;
}

/** Some routers (Kafka Connect's JsonConverter with a string payload) wrap the JSON once more. */
function parseJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  return typeof value === 'string' ? JSON.parse(value) : value;
}
