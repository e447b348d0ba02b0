import type { ConsumedRecord } from '@dsm/eventlog';
import { describe, expect, it } from 'vitest';
import { toNotificationRequest } from './notify-event';

const EVENT_ID = '6f1c1a52-3a4e-4a8e-9d35-2b8f0a3c9e11';
const record = (eventType: string, payload: unknown, topic = 'dsm.outbox.order'): ConsumedRecord => ({
  topic,
  partition: 0,
  offset: '0',
  key: '1',
  value: JSON.stringify(payload),
  headers: { id: EVENT_ID, eventType },
  timestamp: 0,
});

describe('toNotificationRequest', () => {
  it('asks for an order confirmation for a high-priority order only', () => {
    expect(toNotificationRequest(record('order.created', { id: 5, priority: 'high', po: 'A' }))).toEqual({
      type: 'order_confirmation',
      eventId: EVENT_ID,
      orderId: 5,
    });
    expect(toNotificationRequest(record('order.created', { id: 5, priority: 'medium' }))).toBeNull();
  });

  it('maps invoice.created and the delivered/failed transitions, and ignores other transitions', () => {
    expect(toNotificationRequest(record('invoice.created', { id: 9, order_id: 5, amount: 10 }))).toMatchObject({ type: 'invoice_created', invoiceId: 9 });
    const change = { delivery_id: 3, order_id: 5, attempt: 2, from: 'in_transit', reason: 'No access', recorded_by: null };
    expect(toNotificationRequest(record('delivery.status_changed', { ...change, to: 'failed' }))).toEqual({
      type: 'delivery_failed', eventId: EVENT_ID, deliveryId: 3, orderId: 5, attempt: 2, reason: 'No access',
    });
    expect(toNotificationRequest(record('delivery.status_changed', { ...change, to: 'delivered' }))).toMatchObject({ type: 'delivery_delivered' });
    expect(toNotificationRequest(record('delivery.status_changed', { ...change, to: 'in_transit' }))).toBeNull();
  });

  it('ignores event types that send no e-mail and tombstones', () => {
    expect(toNotificationRequest(record('order.updated', { id: 5, priority: 'high' }))).toBeNull();
    expect(toNotificationRequest({ ...record('order.created', {}), value: null })).toBeNull();
  });

  it('accepts the event type in a `type` header too', () => {
    const typed = { ...record('x', { id: 5, priority: 'high' }), headers: { id: EVENT_ID, type: 'order.created' } };
    expect(toNotificationRequest(typed)).toMatchObject({ type: 'order_confirmation' });
  });

  it('rejects a notifying event whose payload or headers do not parse', () => {
    expect(() => toNotificationRequest(record('order.created', { id: 'x', priority: 'high' }))).toThrow();
    expect(() => toNotificationRequest({ ...record('order.created', { id: 5, priority: 'high' }), headers: { eventType: 'order.created' } })).toThrow();
    expect(() => toNotificationRequest({ ...record('order.created', {}), value: '{not json' })).toThrow();
  });
});
