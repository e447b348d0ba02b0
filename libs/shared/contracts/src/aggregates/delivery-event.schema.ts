import { z } from 'zod';

/**
 * One outbox event as the audit index ("delivery-events") stores it (seed 003): every event the
 * API wrote, keyed by the event id, searchable by aggregate.
 */
export const DeliveryEventSchema = z.object({
  id: z.uuid(),
  aggregate_type: z.string(),
  aggregate_id: z.string(),
  type: z.string(),
  payload: z.record(z.string(), z.unknown()),
  created_at: z.string(),
  /** Source transaction (`<xid>:<lsn>`) that wrote the event, for following a change. */
  tx: z.string().nullable(),
});
export type DeliveryEvent = z.infer<typeof DeliveryEventSchema>;
