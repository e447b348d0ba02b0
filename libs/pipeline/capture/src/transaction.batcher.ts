import type { EventLog } from '@dsm/eventlog';
import { mapTransactionToRecords, type SourceTransaction } from './transaction.mapper';

export interface TransactionBatcherOptions {
  log: EventLog;
  prefix: string;
  serverName: string;
  /** The captured database's name (known once connected). */
  db(): string;
  maxBatchEvents: number;
  /** After a batch is durable: acknowledge the slot, report stage events. */
  onDurable(batch: SourceTransaction[], commitLsn: number): Promise<void>;
  /** A produce failed: the queue is dropped (the slot sends those transactions again). */
  onError(error: unknown): void;
}

export interface TransactionBatcher {
  push(tx: SourceTransaction): void;
  /** Nothing queued and no produce in flight: everything received is durable. */
  readonly idle: boolean;
  /** Commit LSN of the last durable transaction (0 before the first). */
  readonly durableLsn: number;
  /** Drops what is queued and waits for the produce in flight (before a new stream starts). */
  reset(): Promise<void>;
  /** Waits until everything pushed so far is durable or failed. */
  drain(): Promise<void>;
}

/**
 * Turns committed transactions into produce() calls: one call holds whole transactions only
 * (BEGIN, events, tombstones, END), so on the embedded log a transaction appears atomically; when
 * transactions arrive faster than the log takes them, several share one call. A transaction
 * whose commit LSN is already durable (re-sent after a reconnect) is dropped here.
 */
export function createTransactionBatcher(options: TransactionBatcherOptions): TransactionBatcher {
  let queue: SourceTransaction[] = [];
  let running: Promise<void> | null = null;
  let durableLsn = 0;
  let lastCommitLsn: number | null = null;

  const takeBatch = (): SourceTransaction[] => {
    let events = 0;
    let count = 0;
    while (count < queue.length && (count === 0 || events + queue[count].changes.length <= options.maxBatchEvents)) {
      events += queue[count].changes.length;
      count += 1;
    }
    return queue.splice(0, count);
  };

  const produceBatch = async (batch: SourceTransaction[]) => {
    const nowMs = Date.now();
    const records = batch.flatMap((tx) => {
      const context = { prefix: options.prefix, serverName: options.serverName, db: options.db(), lastCommitLsn, nowMs };
      lastCommitLsn = tx.commitLsn;
      return tx.changes.length > 0 ? mapTransactionToRecords(tx, context) : [];
    });
    if (records.length > 0) await options.log.produce(records);
    durableLsn = batch[batch.length - 1].commitLsn;
    await options.onDurable(batch, durableLsn);
  };

  const run = async () => {
    while (queue.length > 0) await produceBatch(takeBatch());
  };

  const start = () => {
    running ??= run()
      .catch((error: unknown) => {
        queue = [];
        options.onError(error);
      })
      .finally(() => {
        running = null;
        // A push that landed after the loop's last look would otherwise wait for the next push.
        if (queue.length > 0) start();
      });
  };

  return {
    get idle() {
      return queue.length === 0 && running === null;
    },
    get durableLsn() {
      return durableLsn;
    },
    push(tx) {
      if (tx.commitLsn <= durableLsn || (queue.length > 0 && tx.commitLsn <= queue[queue.length - 1].commitLsn)) return;
      queue.push(tx);
      start();
    },
    async reset() {
      queue = [];
      await running;
    },
    async drain() {
      while (running) await running;
    },
  };
}
