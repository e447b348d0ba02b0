import type { NotificationStatus, NotificationType } from '@dsm/contracts';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { LEDGER_SCHEMA_LOCK, LEDGER_SCHEMA_SQL } from './ledger.schema-sql';

/** What is known about an e-mail before it is sent; stored with the claim. */
export interface LedgerClaim {
  eventId: string;
  eventType: string;
  type: NotificationType;
  recipient: string;
  recipientName: string;
  subject: string;
  messageId: string;
  customerId: number | null;
  orderId: number | null;
  invoiceId: number | null;
  deliveryId: number | null;
  source: { topic: string; partition: number; offset: string };
}

export type ClaimResult = { claimed: true; token: string } | { claimed: false; state: NotificationStatus };

/**
 * A claim succeeds for a new event, for one whose earlier attempts failed and will be retried,
 * and for a dead-lettered one that arrives from ANOTHER log position: a replay re-produces the
 * dead letter, so it has a new offset, while a plain redelivery has the same one.
 */
const CLAIM_SQL = `
  insert into notify.notifications as n (event_id, event_type, notification, state, claim_token, recipient,
    recipient_name, subject, message_id, customer_id, order_id, invoice_id, delivery_id,
    source_topic, source_partition, source_offset)
  values ($1, $2, $3, 'sending', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
  on conflict (event_id) do update set state = 'sending', claim_token = excluded.claim_token,
    recipient = excluded.recipient, recipient_name = excluded.recipient_name, subject = excluded.subject,
    source_topic = excluded.source_topic, source_partition = excluded.source_partition,
    source_offset = excluded.source_offset, last_error = null, updated_at = now(),
    -- a replayed dead letter gets a fresh set of attempts; a retried one keeps counting
    attempts = case when n.state = 'retrying' then n.attempts else 0 end
  where n.state = 'retrying'
     or (n.state in ('failed', 'unconfirmed')
         and (n.source_topic, n.source_partition, n.source_offset)
             is distinct from (excluded.source_topic, excluded.source_partition, excluded.source_offset))
  returning claim_token::text`;

export interface LedgerRepository {
  claim(claim: LedgerClaim): Promise<ClaimResult>;
  /** Matched by token, not state: a send that finished after a takeover still records the truth. */
  markSent(eventId: string, token: string): Promise<void>;
  /**
   * Counts a failed SMTP attempt (the count survives redeliveries) and moves the row to `failed`
   * when the failure is permanent or the attempts are used up, else to `retrying`.
   */
  markAttemptFailed(eventId: string, token: string, failure: { error: string; permanent: boolean; maxAttempts: number }): Promise<{ attempts: number; final: boolean }>;
  /** A claim found still `sending`: the previous owner stopped mid-send. */
  markUnconfirmed(eventId: string, error: string): Promise<void>;
}

export function createLedgerRepository(pool: pg.Pool): LedgerRepository {
  return {
    async claim(c) {
      const token = randomUUID();
      const { rows } = await pool.query<{ claim_token: string }>(CLAIM_SQL, [
        c.eventId, c.eventType, c.type, token, c.recipient, c.recipientName, c.subject, c.messageId,
        c.customerId, c.orderId, c.invoiceId, c.deliveryId, c.source.topic, c.source.partition, c.source.offset,
      ]);
      if (rows[0]) return { claimed: true, token: rows[0].claim_token };
      const existing = await pool.query<{ state: NotificationStatus }>('select state from notify.notifications where event_id = $1', [c.eventId]);
      return { claimed: false, state: existing.rows[0].state };
    },
    async markSent(eventId, token) {
      await pool.query(
        `update notify.notifications set state = 'sent', attempts = attempts + 1, sent_at = now(), last_error = null,
         updated_at = now() where event_id = $1 and claim_token = $2`,
        [eventId, token],
      );
    },
    async markAttemptFailed(eventId, token, { error, permanent, maxAttempts }) {
      const { rows } = await pool.query<{ attempts: number; state: string }>(
        `update notify.notifications set attempts = attempts + 1, last_error = $3, updated_at = now(),
           state = case when $4 or attempts + 1 >= $5 then 'failed' else 'retrying' end
         where event_id = $1 and claim_token = $2 returning attempts, state`,
        [eventId, token, error, permanent, maxAttempts],
      );
      // No row: another member took the event over; this one stops trying.
      return rows[0] ? { attempts: rows[0].attempts, final: rows[0].state === 'failed' } : { attempts: maxAttempts, final: true };
    },
    async markUnconfirmed(eventId, error) {
      await pool.query(
        `update notify.notifications set state = 'unconfirmed', last_error = $2, updated_at = now()
         where event_id = $1 and state = 'sending'`,
        [eventId, error],
      );
    },
  };
}

export async function ensureLedgerSchema(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [LEDGER_SCHEMA_LOCK]);
    await client.query(LEDGER_SCHEMA_SQL);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [LEDGER_SCHEMA_LOCK]).catch(() => undefined);
    client.release();
  }
}
