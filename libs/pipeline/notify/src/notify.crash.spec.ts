import { readDeadLetters, replayDeadLetter } from '@dsm/eventlog';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyTopics } from './notify.stage';
import { FROM, produceOutboxEvent, readInbox, seedOrder, startNotifyWorld, waitForCaughtUp, type NotifyWorld } from './testing';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const CHILD = path.join(import.meta.dirname, 'testing/notify-child.ts');

/** Runs the stage in a child process until it freezes at `freeze`, then SIGKILLs it. */
async function runChildUntilKilled(world: NotifyWorld, prefix: string, freeze: string): Promise<void> {
  const config = { domainUrl: world.domain.url, pipelineUrl: world.pipeline.url, smtpUrl: world.mailbox.smtpUrl, prefix, from: FROM, freeze };
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: ROOT,
    env: { ...process.env, NOTIFY_CHILD_CONFIG: JSON.stringify(config), TSX_TSCONFIG_PATH: 'libs/pipeline/notify/tsconfig.json' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('PAUSED') && resolve());
    child.once('exit', (code) => reject(new Error(`notify child exited (${code}) before it froze`)));
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

describe('notify stage killed with SIGKILL (child process, real log, PostgreSQL and SMTP catcher)', () => {
  let world: NotifyWorld;
  beforeAll(async () => {
    world = await startNotifyWorld();
  });
  afterAll(() => world?.close());

  async function scenario(prefix: string, freeze: string) {
    const seeded = await seedOrder(world.domain.url, prefix);
    const eventId = await produceOutboxEvent(world.log, prefix, { aggregate: 'order', aggregateId: seeded.orderId, type: 'order.created', payload: { id: seeded.orderId, priority: 'high' } });
    await runChildUntilKilled(world, prefix, freeze);
    // A new member takes the partitions over once the killed one's session expires.
    await world.stage(prefix).start();
    await waitForCaughtUp(world.log, `${prefix}.notify`, notifyTopics(prefix));
    const inbox = async () => (await readInbox(world.mailbox.inboxUrl)).filter((m) => m.to.includes(seeded.email));
    const [notification] = await world.notifications.listNotifications({ orderId: seeded.orderId });
    return { eventId, inbox, notification, letters: await readDeadLetters(world.log, prefix, 'notify') };
  }

  it('killed after the ledger said sent but before the offset commit: the redelivered event sends nothing', async () => {
    const { inbox, notification, letters } = await scenario('killcommit', 'before-commit');

    expect(await inbox()).toHaveLength(1);
    expect(notification.status).toBe('sent');
    expect(letters).toEqual([]);
  });

  it('killed after the SMTP server accepted the mail, before the ledger update: not sent again, flagged unconfirmed', async () => {
    const { inbox, notification, letters } = await scenario('killsent', 'after-send');

    expect(await inbox()).toHaveLength(1);
    expect(notification.status).toBe('unconfirmed');
    expect(letters).toHaveLength(1);
    expect(letters[0].deadLetter.error).toContain('unconfirmed');
  });

  it('killed after the claim but before SMTP: nothing is sent by itself, and replaying the dead letter sends it once', async () => {
    const prefix = 'killclaim';
    const { inbox, notification, letters } = await scenario(prefix, 'before-send');
    expect(await inbox()).toHaveLength(0);
    expect(notification.status).toBe('unconfirmed');

    await replayDeadLetter(world.log, prefix, 'notify', letters[0].id);
    await waitForCaughtUp(world.log, `${prefix}.notify`, notifyTopics(prefix));

    expect(await inbox()).toHaveLength(1);
    const [after] = await world.notifications.listNotifications({ orderId: notification.orderId! });
    expect(after.status).toBe('sent');
  });
});
