import type { BatchHandler, ConsumedRecord } from '../eventlog.port';
import type { HeldRecords, PartitionCommit } from '../held-records';
import { errorMessage, type EventLogLogger } from '../logger';

/** One fetched partition batch and the consumer operations on it (kafkajs-free, for testing). */
export interface PartitionBatchIo {
  topic: string;
  partition: number;
  records: ConsumedRecord[];
  /**
   * Commits each offset as the next one the group reads on its partition (rejects after a lost
   * generation). Besides this batch's partition, it may settle held partitions the batch released.
   */
  commit(commits: PartitionCommit[]): Promise<void>;
  /** Makes the next fetch of this partition start at `offset`. */
  seek(offset: string): void;
  /** Marks `offset` fetched, so the consumer moves on (without committing it). */
  resolve(offset: string): void;
  heartbeat(): Promise<void>;
  isStopping(): boolean;
}

export interface Backoff {
  next(): number;
  reset(): void;
}

export function createBackoff(initialMs = 100, maxMs = 2_000): Backoff {
  let current = initialMs;
  return {
    next() {
      const value = current;
      current = Math.min(current * 2, maxMs);
      return value;
    },
    reset: () => void (current = initialMs),
  };
}

/**
 * The port's batch semantics on one Kafka partition batch: chunks of maxBatchSize, pending
 * records held (and prepended to the next chunk) and committed only up to the first pending one;
 * a failed handler seeks back to the first uncommitted record and backs off, without throwing
 * (a throw would make kafkajs restart the whole consumer).
 */
export async function handlePartitionBatch(io: PartitionBatchIo, held: HeldRecords, handler: BatchHandler, maxBatchSize: number, backoff: Backoff, logger: EventLogLogger): Promise<void> {
  for (let start = 0; start < io.records.length; start += maxBatchSize) {
    if (io.isStopping()) return;
    const chunk = io.records.slice(start, start + maxBatchSize);
    const records = held.assemble(chunk);
    let result;
    try {
      result = await handler({ records, isStopping: io.isStopping });
    } catch (error) {
      logger.warn({ topic: io.topic, partition: io.partition, err: errorMessage(error) }, 'event log: batch handler failed, will redeliver');
      held.drop(io.topic, io.partition);
      const first = records.find((record) => record.topic === io.topic && record.partition === io.partition) ?? chunk[0];
      io.seek(first.offset);
      await new Promise((resolve) => setTimeout(resolve, backoff.next()));
      return;
    }
    await io.commit(held.settle(records, result && Array.isArray(result.pending) ? result.pending : undefined));
    io.resolve(chunk[chunk.length - 1].offset);
    backoff.reset();
    await io.heartbeat();
  }
}
