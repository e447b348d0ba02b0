import { outboxTopic } from '@dsm/contracts';
import type { EventLog } from '@dsm/eventlog';
import { randomUUID } from 'node:crypto';

/**
 * Produces an outbox event as the etl stage routes it: `<prefix>.outbox.<aggregate>`, keyed by the
 * aggregate id, the outbox row id in header `id`, the type in header `eventType`, the payload as value.
 */
export async function produceOutboxEvent(
  log: EventLog,
  prefix: string,
  event: { aggregate: string; aggregateId: number; type: string; payload: unknown; id?: string },
): Promise<string> {
  const id = event.id ?? randomUUID();
  await log.produce([
    {
      topic: outboxTopic(prefix, event.aggregate),
      key: String(event.aggregateId),
      value: JSON.stringify(event.payload),
      headers: { id, eventType: event.type },
    },
  ]);
  return id;
}

export const deliveryStatusChanged = (deliveryId: number, orderId: number, to: string, reason: string | null = null) => ({
  delivery_id: deliveryId,
  order_id: orderId,
  attempt: 1,
  from: 'in_transit',
  to,
  reason,
  recorded_by: 'dispatcher@dsm.test',
});
