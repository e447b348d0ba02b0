import { randomInt } from 'node:crypto';
import pg from 'pg';
import { errorMessage, type EventLogLogger } from '../logger';
import { GROUPS_CHANNEL, RECORDS_CHANNEL } from './pg-schema';

/** Wake-ups for consumers: new records on a topic, membership changes in a group. */
export interface Notifier {
  /** `'*'` is sent after a reconnect, when notifications may have been missed. */
  onRecords(listener: (topic: string) => void): () => void;
  onGroup(listener: (groupId: string) => void): () => void;
  /** Tells this instance's own record listeners at once (a NOTIFY reaches them a moment later). */
  recordsArrived(topic: string): void;
  /**
   * The advisory lock key this instance holds on its LISTEN connection while it is connected:
   * members name it, so others see them die with their process (see eventlog.member_alive).
   */
  readonly sessionKey: string;
  /** Resolves once LISTEN is in place, so nothing committed after it goes unnoticed. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * One dedicated connection per log instance LISTENs on both channels (a pooled connection would
 * be handed to other queries) and holds the instance's session lock. It reconnects with a
 * back-off and then wakes every listener.
 */
export function createNotifier(url: string, logger: EventLogLogger): Notifier {
  const recordListeners = new Set<(topic: string) => void>();
  const groupListeners = new Set<(groupId: string) => void>();
  let client: pg.Client | undefined;
  let starting: Promise<void> | undefined;
  let closed = false;
  let retryMs = 100;
  // Two 31-bit halves: the lock's classid and objid in pg_locks, both positive.
  const sessionKey = ((BigInt(randomInt(2 ** 31)) << 32n) | BigInt(randomInt(2 ** 31))).toString();

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => {
      const listeners = message.channel === RECORDS_CHANNEL ? recordListeners : groupListeners;
      for (const listener of listeners) listener(message.payload ?? '*');
    });
    next.on('error', (error) => reconnectAfter(next, error));
    next.on('end', () => reconnectAfter(next, new Error('connection ended')));
    await next.connect();
    await next.query(`listen ${RECORDS_CHANNEL}; listen ${GROUPS_CHANNEL}; select pg_advisory_lock(${sessionKey})`);
    client = next;
    retryMs = 100;
  }

  function reconnectAfter(failed: pg.Client, error: Error): void {
    if (closed || client !== failed) return;
    client = undefined;
    failed.end().catch(() => undefined);
    logger.warn({ err: errorMessage(error), retryMs }, 'event log: LISTEN connection lost, reconnecting');
    setTimeout(() => void retry(), retryMs).unref();
  }

  async function retry(): Promise<void> {
    if (closed) return;
    try {
      await connect();
      for (const listener of recordListeners) listener('*');
      for (const listener of groupListeners) listener('*');
    } catch (error) {
      retryMs = Math.min(retryMs * 2, 5_000);
      logger.warn({ err: errorMessage(error), retryMs }, 'event log: LISTEN reconnect failed');
      setTimeout(() => void retry(), retryMs).unref();
    }
  }

  return {
    onRecords(listener) {
      recordListeners.add(listener);
      return () => void recordListeners.delete(listener);
    },
    onGroup(listener) {
      groupListeners.add(listener);
      return () => void groupListeners.delete(listener);
    },
    sessionKey,
    recordsArrived(topic) {
      for (const listener of recordListeners) listener(topic);
    },
    start() {
      // A failed first connect is not cached: the next subscribe tries again.
      starting ??= connect().catch((error: unknown) => {
        starting = undefined;
        throw error;
      });
      return starting;
    },
    async close() {
      closed = true;
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
