import { outboxTopic } from '@dsm/contracts';
import { createResilientPool } from '@dsm/data';
import type { ConsumedRecord } from '@dsm/eventlog';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerRepository, ensureLedgerSchema, type LedgerRepository } from './ledger.repository';
import { createSmtpMailer, type Mailer } from './mailer.adapter';
import { processRecord, type ProcessorDeps } from './notify.processor';
import { createRecipientRepository, type RecipientRepository } from './recipient.repository';
import { FROM, readInbox, seedOrder, startNotifyWorld, type NotifyWorld } from './testing';

/** The real ledger, except that its first `times` markSent() calls fail as a restarting server's would. */
function failingMarkSent(ledger: LedgerRepository, times: number): LedgerRepository {
  let remaining = times;
  return {
    ...ledger,
    async markSent(eventId, token) {
      if (remaining-- > 0) throw new Error('Connection terminated unexpectedly');
      return ledger.markSent(eventId, token);
    },
  };
}

const orderCreated = (prefix: string, orderId: number): ConsumedRecord => ({
  topic: outboxTopic(prefix, 'order'), partition: 0, offset: '0', key: String(orderId), timestamp: Date.now(),
  value: JSON.stringify({ id: orderId, priority: 'high' }), headers: { id: randomUUID(), eventType: 'order.created' },
});

describe('notify: the ledger fails to record a mail the SMTP server accepted (real PostgreSQL and SMTP catcher)', () => {
  let world: NotifyWorld;
  let pool: pg.Pool;
  let recipients: RecipientRepository;
  let mailer: Mailer;
  const deps = (ledger: LedgerRepository, prefix: string): ProcessorDeps => ({
    log: world.log, prefix, from: FROM, ledger, recipients, mailer, retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 }, isStopping: () => false,
  });

  beforeAll(async () => {
    world = await startNotifyWorld();
    pool = createResilientPool({ connectionString: world.pipeline.url, max: 2 }, { name: 'ledger' });
    await ensureLedgerSchema(pool);
    recipients = createRecipientRepository(world.domain.url);
    mailer = createSmtpMailer(world.mailbox.smtpUrl, FROM);
  });

  afterAll(async () => {
    mailer?.close();
    await recipients?.close();
    await pool?.end();
    await world?.close();
  });

  it('retries the sent mark with back-off, so a short outage still ends as one mail marked sent', async () => {
    const seeded = await seedOrder(world.domain.url, 'marksent');
    const record = orderCreated('marksent', seeded.orderId);

    const outcome = await processRecord(record, deps(failingMarkSent(createLedgerRepository(pool), 2), 'marksent'));

    expect(outcome).toBe('sent');
    const { rows } = await pool.query<{ state: string }>('select state from notify.notifications where event_id = $1', [record.headers['id']]);
    expect(rows).toEqual([{ state: 'sent' }]);
    expect((await readInbox(world.mailbox.inboxUrl)).filter((mail) => mail.to.includes(seeded.email))).toHaveLength(1);
  });

  it('throws after the last attempt, so the batch is redelivered instead of committed', async () => {
    const seeded = await seedOrder(world.domain.url, 'marksentdown');
    const record = orderCreated('marksentdown', seeded.orderId);

    await expect(processRecord(record, deps(failingMarkSent(createLedgerRepository(pool), 3), 'marksentdown'))).rejects.toThrow('Connection terminated unexpectedly');

    const { rows } = await pool.query<{ state: string }>('select state from notify.notifications where event_id = $1', [record.headers['id']]);
    expect(rows).toEqual([{ state: 'sending' }]);
  });
});
