import { lsnToNumber } from '@dsm/contracts';
import type { CaptureLogger } from './capture-options.schema';
import { openReplicationStream } from './replication-stream.adapter';
import type { TransactionBatcher } from './transaction.batcher';
import { createTransactionAssembler, type PrimaryKeys } from './transaction.assembler';

export interface StreamSessionOptions {
  domainUrl: string;
  slotName: string;
  publication: string;
  primaryKeys: PrimaryKeys;
  batcher: TransactionBatcher;
  heartbeatIntervalMs: number;
  logger: CaptureLogger;
  /** The replication stream is up (the stage resets its reconnect back-off). */
  onStreaming(): void;
  /** Idle tick: write the heartbeat record. */
  onHeartbeat(): Promise<void>;
}

export interface StreamSession {
  /** Resolves after stop(); rejects when the connection or a produce failed. */
  readonly ended: Promise<void>;
  acknowledge(lsn: number): Promise<void>;
  fail(error: unknown): void;
  stop(): Promise<void>;
}

/** Missed keepalive replies after which the connection counts as dead (no TCP reset seen). */
const SILENT_HEARTBEATS = 3;

/**
 * One connection's worth of streaming: pgoutput messages → whole transactions → the batcher;
 * the slot is acknowledged only up to what the batcher made durable. When nothing is open or in
 * flight, a keepalive's LSN is acknowledged too: every commit before it has already been sent and
 * made durable, so an idle database (or one busy only with unpublished tables) still lets the
 * slot advance and the server recycle WAL.
 */
export function openStreamSession(options: StreamSessionOptions): StreamSession {
  const assembler = createTransactionAssembler(options.primaryKeys);
  let acked = 0;
  let lastSeen = Date.now();
  let failWith: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (failWith = reject));

  const acknowledge = async (lsn: number, ping = false) => {
    if (lsn < acked && !ping) return;
    acked = Math.max(acked, lsn);
    await stream.acknowledge(acked, ping);
  };
  const stream = openReplicationStream({
    domainUrl: options.domainUrl,
    slotName: options.slotName,
    publication: options.publication,
    onStart: options.onStreaming,
    onMessage(lsn, message) {
      lastSeen = Date.now();
      const tx = assembler.accept(lsn, message);
      if (tx) options.batcher.push(tx);
    },
    onKeepalive(lsn, shouldRespond) {
      lastSeen = Date.now();
      const idle = !assembler.inTransaction && options.batcher.idle;
      if (idle && lsnToNumber(lsn) > acked) void acknowledge(lsnToNumber(lsn)).catch(failWith);
      else if (shouldRespond) void acknowledge(Math.max(acked, options.batcher.durableLsn)).catch(failWith);
    },
  });

  const timer = setInterval(() => {
    if (Date.now() - lastSeen > SILENT_HEARTBEATS * options.heartbeatIntervalMs) {
      failWith(new Error(`no message from the server for ${SILENT_HEARTBEATS} heartbeat intervals`));
      return;
    }
    if (assembler.inTransaction || !options.batcher.idle) return;
    options
      .onHeartbeat()
      .then(() => acknowledge(acked, true))
      .catch((error: unknown) => options.logger.warn({ err: String(error) }, 'capture: heartbeat failed'));
  }, options.heartbeatIntervalMs);

  const ended = Promise.race([stream.ended, failed]).finally(async () => {
    clearInterval(timer);
    await stream.stop();
  });
  ended.catch(() => undefined);

  return {
    ended,
    acknowledge: (lsn) => acknowledge(lsn),
    fail: (error) => failWith(error),
    async stop() {
      clearInterval(timer);
      await stream.stop();
      await ended.catch(() => undefined);
    },
  };
}
