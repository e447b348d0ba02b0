import type { EventLog } from '@dsm/eventlog';
import { mapTransactionToRecords, type SourceTransaction } from './transaction.mapper';

export interface TransactionBatcherOptions {
  log: EventLog;
  prefix: string;
  serverName: string;
  /** The captured database's name (known once connected). */
  db(): string;
  maxBatchEvents: number;
  maxBatchBytes: number;
  /** After a batch is durable: acknowledge the slot up to `durableLsn`, report stage events. */
  onDurable(batch: SourceTransaction[], durableLsn: number): Promise<void>;
  /** A produce failed: the queue is dropped (the slot sends those transactions again). */
  onError(error: unknown): void;
}

export interface TransactionBatcher {
  push(tx: SourceTransaction): void;
  /** Nothing queued and no produce in flight: everything received is durable. */
  readonly idle: boolean;
  /** Change events (and their pgoutput bytes) queued or being produced: not durable yet. */
  readonly pendingEvents: number;
  readonly pendingBytes: number;
  /** Commit LSN of the last complete durable transaction (0 before the first). */
  readonly durableLsn: number;
  /** Resolves once the produce in flight settled (at once when idle): room may have been made. */
  progress(): Promise<void>;
  /** Drops what is queued and waits for the produce in flight (before a new stream starts). */
  reset(): Promise<void>;
  /** Waits until everything pushed so far is durable or failed. */
  drain(): Promise<void>;
}

/**
 * Turns committed transactions and fragments into produce() calls, in order: a small
 * transaction never spans two calls (BEGIN, events, tombstones, END together, so on the embedded
 * log it appears atomically), several share one call when they arrive faster than the log takes
 * them. The durable LSN moves only past a transaction whose END is durable. A transaction whose
 * commit is already durable (re-sent after a reconnect) is dropped here.
 */
export function createTransactionBatcher(options: TransactionBatcherOptions): TransactionBatcher {
  let queue: SourceTransaction[] = [];
  let inFlight: SourceTransaction[] = [];
  let running: Promise<void> | null = null;
  let durableLsn = 0;
  let lastCommitLsn: number | null = null;
  let settled: (() => void)[] = [];
  // Running totals of what is queued or being produced (summing per message would cost O(queue)).
  const pending = { events: 0, bytes: 0 };
  const tally = (txs: SourceTransaction[], sign: 1 | -1) => {
    for (const tx of txs) {
      pending.events += sign * tx.changes.length;
      pending.bytes += sign * tx.bytes;
    }
  };
  const notifyProgress = () => {
    const waiting = settled;
    settled = [];
    for (const resolve of waiting) resolve();
  };

  const takeBatch = (): SourceTransaction[] => {
    let events = 0;
    let bytes = 0;
    let count = 0;
    const fits = (tx: SourceTransaction) => events + tx.changes.length <= options.maxBatchEvents && bytes + tx.bytes <= options.maxBatchBytes;
    while (count < queue.length && (count === 0 || fits(queue[count]))) {
      events += queue[count].changes.length;
      bytes += queue[count].bytes;
      count += 1;
    }
    return queue.splice(0, count);
  };

  const produceBatch = async (batch: SourceTransaction[]) => {
    const nowMs = Date.now();
    const records = batch.flatMap((tx) => {
      const context = { prefix: options.prefix, serverName: options.serverName, db: options.db(), lastCommitLsn, nowMs };
      if (tx.complete) lastCommitLsn = tx.commitLsn;
      // A transaction without captured changes has no BEGIN; its last (empty) fragment still ends it.
      return tx.changes.length > 0 || tx.firstOrder > 0 ? mapTransactionToRecords(tx, context) : [];
    });
    if (records.length > 0) await options.log.produce(records);
    durableLsn = batch.reduce((lsn, tx) => (tx.complete ? tx.commitLsn : lsn), durableLsn);
    await options.onDurable(batch, durableLsn);
  };

  const run = async () => {
    while (queue.length > 0) {
      inFlight = takeBatch();
      await produceBatch(inFlight);
      tally(inFlight, -1);
      inFlight = [];
      notifyProgress();
    }
  };

  const start = () => {
    running ??= run()
      .catch((error: unknown) => {
        tally([...inFlight, ...queue], -1);
        queue = [];
        inFlight = [];
        options.onError(error);
      })
      .finally(() => {
        running = null;
        notifyProgress();
        // A push that landed after the loop's last look would otherwise wait for the next push.
        if (queue.length > 0) start();
      });
  };

  const isBehind = (tx: SourceTransaction, last: SourceTransaction) =>
    tx.finalLsn < last.finalLsn || (tx.finalLsn === last.finalLsn && tx.firstOrder <= last.firstOrder);

  return {
    get idle() {
      return queue.length === 0 && running === null;
    },
    get pendingEvents() {
      return pending.events;
    },
    get pendingBytes() {
      return pending.bytes;
    },
    get durableLsn() {
      return durableLsn;
    },
    push(tx) {
      // A commit record that starts before the durable commit end belongs to a durable transaction.
      if (tx.finalLsn < durableLsn || (queue.length > 0 && isBehind(tx, queue[queue.length - 1]))) return;
      queue.push(tx);
      tally([tx], 1);
      start();
    },
    progress: () => (running ? new Promise<void>((resolve) => settled.push(resolve)) : Promise.resolve()),
    async reset() {
      tally(queue, -1);
      queue = [];
      await running;
    },
    async drain() {
      while (running) await running;
    },
  };
}
