import { NotificationLogEntrySchema, NotificationQuerySchema, type NotificationLogEntry, type NotificationQuery } from '@dsm/contracts';
import { createResilientPool, type PoolLogger } from '@dsm/data';
import { ensureLedgerSchema } from './ledger.repository';

export interface NotificationLog {
  /** Newest first; by order (every e-mail about the order, its invoices and deliveries) or delivery. */
  listNotifications(query?: NotificationQuery): Promise<NotificationLogEntry[]>;
  close(): Promise<void>;
}

const SELECT = `
  select event_id as "eventId", event_type as "eventType", notification as type, state as status, recipient,
    recipient_name as "recipientName", subject, message_id as "messageId", customer_id::float8 as "customerId",
    order_id::float8 as "orderId", invoice_id::float8 as "invoiceId", delivery_id::float8 as "deliveryId", attempts,
    last_error as "lastError", created_at as "createdAt", updated_at as "updatedAt", sent_at as "sentAt"
  from notify.notifications
  where ($1::bigint is null or order_id = $1) and ($2::bigint is null or delivery_id = $2)
  order by created_at desc, event_id limit $3`;

/** The notification log for the API: who was told what, when, and whether it went out. */
export async function createNotificationLog(pipelineUrl: string, logger?: PoolLogger): Promise<NotificationLog> {
  const pool = createResilientPool({ connectionString: pipelineUrl, max: 2 }, { name: 'notification log', logger });
  await ensureLedgerSchema(pool);
  return {
    async listNotifications(query = {}) {
      const { orderId, deliveryId, limit } = NotificationQuerySchema.parse(query);
      const { rows } = await pool.query<Record<string, unknown>>(SELECT, [orderId ?? null, deliveryId ?? null, limit]);
      return rows.map((row) => NotificationLogEntrySchema.parse(withIsoDates(row)));
    },
    close: () => pool.end(),
  };
}

function withIsoDates(row: Record<string, unknown>): Record<string, unknown> {
  const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : value);
  return { ...row, createdAt: iso(row['createdAt']), updatedAt: iso(row['updatedAt']), sentAt: iso(row['sentAt']) };
}
