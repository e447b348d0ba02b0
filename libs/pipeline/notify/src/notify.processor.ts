import type { ConsumedRecord, EventLog } from '@dsm/eventlog';
import { z } from 'zod';
import { composeEmail, type ComposedEmail } from './compose';
import { sendNotifyDeadLetter } from './dead-letter';
import type { LedgerRepository } from './ledger.repository';
import { messageIdFor, SmtpError, type Mailer } from './mailer.adapter';
import { toNotificationRequest } from './notify-event';
import type { NotificationRequest } from './notify-event.schema';
import type { RecipientRepository } from './recipient.repository';
import { backoffDelay, sleep, type RetryPolicy } from './retry-policy';

export interface ProcessorDeps {
  log: EventLog;
  prefix: string;
  from: string;
  ledger: LedgerRepository;
  recipients: RecipientRepository;
  mailer: Mailer;
  retry: RetryPolicy;
  isStopping: () => boolean;
}

/** What happened to one record; the stage counts and logs these. */
export type Outcome = 'ignored' | 'sent' | 'duplicate' | 'dead-lettered' | 'unconfirmed';

/** Thrown to leave the batch uncommitted: the stage is stopping (or rebalancing) between two SMTP retries. */
export class StoppedDuringRetry extends Error {}

/**
 * One outbox record: validate → compose from the latest state → claim in the ledger → send →
 * record. The ledger claim comes BEFORE the SMTP exchange and the `sent` mark after it, so a
 * redelivered event is never sent twice: a `sent` row is skipped, and a row still `sending`
 * (the stage died inside the SMTP exchange, when the server may or may not have accepted the
 * mail) is marked `unconfirmed` and dead-lettered instead of being resent blindly.
 */
export async function processRecord(record: ConsumedRecord, deps: ProcessorDeps): Promise<Outcome> {
  let request: NotificationRequest | null;
  try {
    request = toNotificationRequest(record);
  } catch (error) {
    await sendNotifyDeadLetter(deps.log, deps.prefix, record, `Invalid outbox record: ${describe(error)}`, 1);
    return 'dead-lettered';
  }
  if (!request) return 'ignored';
  const composed = await composeEmail(request, deps.recipients);
  if (!composed.ok) {
    await sendNotifyDeadLetter(deps.log, deps.prefix, record, composed.reason, 1);
    return 'dead-lettered';
  }
  const claim = await deps.ledger.claim(toClaim(record, request, composed.email, deps.from));
  if (!claim.claimed) return handleUnclaimed(record, request.eventId, claim.state, deps);
  return sendWithRetries(record, request.eventId, composed.email, claim.token, deps);
}

async function handleUnclaimed(record: ConsumedRecord, eventId: string, state: string, deps: ProcessorDeps): Promise<Outcome> {
  if (state !== 'sending') return 'duplicate';
  const error = 'Delivery unconfirmed: the stage stopped during the SMTP exchange. Check the recipient inbox; replay to send it again.';
  await deps.ledger.markUnconfirmed(eventId, error);
  await sendNotifyDeadLetter(deps.log, deps.prefix, record, error, 1);
  return 'unconfirmed';
}

async function sendWithRetries(record: ConsumedRecord, eventId: string, email: ComposedEmail, token: string, deps: ProcessorDeps): Promise<Outcome> {
  const messageId = messageIdFor(eventId, deps.from);
  for (;;) {
    try {
      await deps.mailer.send({ ...email, messageId });
      await recordSent(eventId, token, deps);
      return 'sent';
    } catch (error) {
      if (!(error instanceof SmtpError)) throw error;
      const failure = { error: error.message, permanent: error.permanent, maxAttempts: deps.retry.attempts };
      const { attempts, final } = await deps.ledger.markAttemptFailed(eventId, token, failure);
      if (final) {
        await sendNotifyDeadLetter(deps.log, deps.prefix, record, `SMTP: ${error.message}`, attempts);
        return 'dead-lettered';
      }
      await sleep(backoffDelay(deps.retry, attempts));
      // The ledger says `retrying` with the count so far, so the redelivered record goes on from there.
      if (deps.isStopping()) throw new StoppedDuringRetry(`Stopping with event ${eventId} waiting to be retried`);
    }
  }
}

/**
 * The mail is out; only the ledger's `sent` mark is left. A store error here (a PostgreSQL restart)
 * is retried with the SMTP back-off first: thrown at once, the redelivered event would find its
 * row still `sending` and dead-letter a mail that did go out as "unconfirmed".
 */
async function recordSent(eventId: string, token: string, deps: ProcessorDeps): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await deps.ledger.markSent(eventId, token);
    } catch (error) {
      if (attempt >= deps.retry.attempts || deps.isStopping()) throw error;
      await sleep(backoffDelay(deps.retry, attempt));
    }
  }
}

function toClaim(record: ConsumedRecord, request: NotificationRequest, email: ComposedEmail, from: string) {
  return {
    eventId: request.eventId,
    eventType: record.headers['eventType'] ?? record.headers['type'] ?? '',
    type: email.type,
    recipient: email.to,
    recipientName: email.toName,
    subject: email.subject,
    messageId: messageIdFor(request.eventId, from),
    customerId: email.customerId,
    orderId: email.orderId,
    invoiceId: email.invoiceId,
    deliveryId: email.deliveryId,
    source: { topic: record.topic, partition: record.partition, offset: record.offset },
  };
}

function describe(error: unknown): string {
  if (error instanceof z.ZodError) return z.prettifyError(error);
  return error instanceof Error ? error.message : String(error);
}
