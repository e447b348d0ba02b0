import { DeadLetterSchema, dlqTopic, stageEventsTopic, stageEventsOf } from '@dsm/contracts';
import { createStageReporter } from '@dsm/eventlog';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageIdFor } from './mailer.adapter';
import { notifyTopics, type NotifyStage } from './notify.stage';
import {
  deliveryStatusChanged,
  FROM,
  produceOutboxEvent,
  readInbox,
  renameCustomerAndOrganization,
  seedOrder,
  silentLogger,
  startNotifyWorld,
  waitForCaughtUp,
  type NotifyWorld,
} from './testing';

describe('notify stage (real embedded log, real PostgreSQL, real SMTP catcher)', () => {
  let world: NotifyWorld;
  let typesStage: NotifyStage;
  beforeAll(async () => {
    world = await startNotifyWorld();
  });
  afterAll(() => world?.close());

  it('sends each notification type once, to the order customer, with the names as they are at send time', async () => {
    const prefix = 'types';
    const seeded = await seedOrder(world.domain.url, 'types');
    const medium = await seedOrder(world.domain.url, 'types-medium', 'medium');
    const { orderId, invoiceId, deliveryId } = seeded;
    const orderEvent = await produceOutboxEvent(world.log, prefix, { aggregate: 'order', aggregateId: orderId, type: 'order.created', payload: { id: orderId, priority: 'high' } });
    await produceOutboxEvent(world.log, prefix, { aggregate: 'order', aggregateId: medium.orderId, type: 'order.created', payload: { id: medium.orderId, priority: 'medium' } });
    await produceOutboxEvent(world.log, prefix, { aggregate: 'invoice', aggregateId: invoiceId, type: 'invoice.created', payload: { id: invoiceId, order_id: orderId } });
    await produceOutboxEvent(world.log, prefix, { aggregate: 'delivery', aggregateId: deliveryId, type: 'delivery.status_changed', payload: deliveryStatusChanged(deliveryId, orderId, 'failed', 'Gate locked') });
    await produceOutboxEvent(world.log, prefix, { aggregate: 'delivery', aggregateId: deliveryId, type: 'delivery.status_changed', payload: deliveryStatusChanged(deliveryId, orderId, 'delivered') });
    // Renamed after the events were written, before they are sent: the e-mails use the new names.
    await renameCustomerAndOrganization(world.domain.url, seeded, 'Hopper', 'Renamed Freight BV');

    const reporter = createStageReporter(world.log, prefix, { logger: silentLogger });
    typesStage = world.stage(prefix, { reporter });
    await typesStage.start();
    await waitForCaughtUp(world.log, `${prefix}.notify`, notifyTopics(prefix));
    await reporter.close();
    const inbox = (await readInbox(world.mailbox.inboxUrl)).filter((m) => m.to.includes(seeded.email) || m.to.includes(medium.email));

    expect(inbox.map((m) => m.subject).sort()).toEqual([
      `Delivered: order PO-types`,
      `Delivery attempt failed: order PO-types`,
      `Invoice INV-types from Renamed Freight BV`,
      `Order PO-types confirmed (high priority)`,
    ]);
    for (const message of inbox) {
      expect(message.to).toEqual([seeded.email]);
      expect(message.text).toContain('Hello Grace Hopper,');
      expect(message.text).toContain('Renamed Freight BV');
      expect(message.html).toContain('Hello Grace Hopper,');
    }
    const invoice = inbox.find((m) => m.subject.startsWith('Invoice'))!;
    expect(invoice.text).toContain('Amount: 1,234.50');
    expect(invoice.text).toContain('Due date: 2027-01-15');
    expect(inbox.find((m) => m.subject.startsWith('Order'))!.messageId).toBe(messageIdFor(orderEvent, FROM));
    const stageEvents = (await world.log.read(stageEventsTopic(prefix))).flatMap((r) => stageEventsOf(JSON.parse(r.value!)).events);
    expect(stageEvents.map((e) => `${e.stage}:${e.entity}`).sort()).toEqual(['notify:delivery', 'notify:delivery', 'notify:invoice', 'notify:order']);
  });

  it('logs every notification by order and by delivery, and a full replay of the topics sends nothing again', async () => {
    const prefix = 'types';
    const [latest] = await world.notifications.listNotifications({});
    const byOrder = await world.notifications.listNotifications({ orderId: latest.orderId! });
    const byDelivery = await world.notifications.listNotifications({ deliveryId: byOrder.find((n) => n.deliveryId)!.deliveryId! });

    expect(byOrder.map((n) => n.type).sort()).toEqual(['delivery_delivered', 'delivery_failed', 'invoice_created', 'order_confirmation']);
    expect(byOrder.every((n) => n.status === 'sent' && n.attempts === 1 && n.sentAt !== null)).toBe(true);
    expect(byDelivery.map((n) => n.type).sort()).toEqual(['delivery_delivered', 'delivery_failed']);

    const before = (await readInbox(world.mailbox.inboxUrl)).length;
    await typesStage.stop();
    await world.log.resetOffsets(`${prefix}.notify`, notifyTopics(prefix), 'earliest');
    await world.stage(prefix).start();
    await waitForCaughtUp(world.log, `${prefix}.notify`, notifyTopics(prefix));

    expect(await readInbox(world.mailbox.inboxUrl)).toHaveLength(before);
  });

  it('dead-letters a record it cannot parse and goes on with the next one', async () => {
    const prefix = 'poison';
    const seeded = await seedOrder(world.domain.url, 'poison');
    await produceOutboxEvent(world.log, prefix, { aggregate: 'order', aggregateId: 1, type: 'order.created', payload: { id: 'not-a-number', priority: 'high' } });
    await produceOutboxEvent(world.log, prefix, { aggregate: 'order', aggregateId: 999_999, type: 'order.created', payload: { id: 999_999, priority: 'high' } });
    await produceOutboxEvent(world.log, prefix, { aggregate: 'order', aggregateId: seeded.orderId, type: 'order.created', payload: { id: seeded.orderId, priority: 'high' } });

    await world.stage(prefix).start();
    await waitForCaughtUp(world.log, `${prefix}.notify`, notifyTopics(prefix));

    const letters = await world.log.read(dlqTopic(prefix, 'notify'));
    const errors = letters.map((letter) => DeadLetterSchema.parse(JSON.parse(letter.value!)).error).sort();
    expect(errors).toEqual([expect.stringContaining('Invalid outbox record'), 'Order 999999 no longer exists']);
    expect((await readInbox(world.mailbox.inboxUrl)).filter((m) => m.to.includes(seeded.email))).toHaveLength(1);
  });
});
