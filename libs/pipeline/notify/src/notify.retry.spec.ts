import { freePort } from '@dsm/data/testing';
import { readDeadLetters, replayDeadLetter } from '@dsm/eventlog';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyTopics } from './notify.stage';
import { produceOutboxEvent, readInbox, seedOrder, startNotifyWorld, waitForCaughtUp, type NotifyWorld } from './testing';

describe('notify stage with the SMTP server down (real log, PostgreSQL and SMTP catcher)', () => {
  let world: NotifyWorld;
  beforeAll(async () => {
    world = await startNotifyWorld();
  });
  afterAll(() => world?.close());

  it('retries with back-off, dead-letters after the last attempt, and a replay of the dead letter sends it once', async () => {
    const prefix = 'down';
    const seeded = await seedOrder(world.domain.url, prefix);
    await produceOutboxEvent(world.log, prefix, { aggregate: 'invoice', aggregateId: seeded.invoiceId, type: 'invoice.created', payload: { id: seeded.invoiceId, order_id: seeded.orderId } });
    const nobodyListens = `smtp://127.0.0.1:${await freePort()}`;
    const inbox = async () => (await readInbox(world.mailbox.inboxUrl)).filter((m) => m.to.includes(seeded.email));

    const downStage = world.stage(prefix, { smtpUrl: nobodyListens, retry: { attempts: 3, baseDelayMs: 20 } });
    await downStage.start();
    await waitForCaughtUp(world.log, `${prefix}.notify`, notifyTopics(prefix));
    await downStage.stop();

    const [letter] = await readDeadLetters(world.log, prefix, 'notify');
    expect(letter.deadLetter).toMatchObject({ stage: 'notify', attempts: 3, error: expect.stringContaining('SMTP') });
    const [failed] = await world.notifications.listNotifications({ orderId: seeded.orderId });
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, type: 'invoice_created', recipient: seeded.email });
    expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(await inbox()).toHaveLength(0);

    await world.stage(prefix).start();
    await replayDeadLetter(world.log, prefix, 'notify', letter.id);
    await waitForCaughtUp(world.log, `${prefix}.notify`, notifyTopics(prefix));
    await replayDeadLetter(world.log, prefix, 'notify', letter.id);
    await waitForCaughtUp(world.log, `${prefix}.notify`, notifyTopics(prefix));

    const received = await inbox();
    expect(received.map((m) => m.subject)).toEqual([`Invoice INV-${prefix} from Org ${prefix}`]);
    const [sent] = await world.notifications.listNotifications({ orderId: seeded.orderId });
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
  });
});
