import { CaughtMessageSchema, MessageListSchema, type CaughtMessage } from '@dsm/mailbox';
import type { EventLog } from '@dsm/eventlog';

const WAIT_LIMIT_MS = 30_000;

/** Polls until `check` returns a value; fails with `what` after a generous limit (not a timing assertion). */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, limitMs = WAIT_LIMIT_MS): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every message in the catcher, bodies included, oldest first. */
export async function readInbox(inboxUrl: string): Promise<CaughtMessage[]> {
  const list = MessageListSchema.parse(await (await fetch(new URL('/api/messages?limit=500', inboxUrl))).json());
  const messages = await Promise.all(
    list.messages.map(async (m) => CaughtMessageSchema.parse(await (await fetch(new URL(`/api/messages/${m.id}`, inboxUrl))).json())),
  );
  return messages.reverse();
}

/**
 * Waits until the group has committed everything in its topics: the stage has handled it all. A
 * group with no partitions yet has not caught up (an empty lag list would pass `every`).
 */
export function waitForCaughtUp(log: EventLog, groupId: string, topics: string[], limitMs = WAIT_LIMIT_MS): Promise<true> {
  return waitFor(`${groupId} to catch up`, async () => {
    const lag = await log.describeLag(groupId, topics);
    return lag.length > 0 && lag.every((partition) => partition.lag === 0) ? true : undefined;
  }, limitMs);
}
