import type { Pgoutput } from 'pg-logical-replication';
import { lsnToNumber } from '@dsm/contracts';
import type { CaptureLogger } from './capture-options.schema';
import { openReplicationStream } from './replication-stream.adapter';
import type { TransactionBatcher } from './transaction.batcher';
import { createTransactionAssembler, type FragmentLimits, type PrimaryKeys } from './transaction.assembler';

/** Received but not yet durable: the capture's memory. */
export interface InFlight {
  events: number;
  bytes: number;
}

export interface StreamSessionOptions {
  domainUrl: string;
  slotName: string;
  publication: string;
  primaryKeys: PrimaryKeys;
  batcher: TransactionBatcher;
  heartbeatIntervalMs: number;
  /** A transaction larger than this is handed to the batcher in fragments before its COMMIT. */
  fragment: FragmentLimits;
  /** High-water mark: at or past it the socket is not read until the log has taken a batch. */
  maxInFlight: InFlight;
  logger: CaptureLogger;
  /** The replication stream is up (the stage resets its reconnect back-off). */
  onStreaming(): void;
  /** Idle tick: write the heartbeat record. */
  onHeartbeat(): Promise<void>;
  /** After every message: what is in flight now (the stage keeps its peak). */
  onInFlight?(inFlight: InFlight): void;
}

export interface StreamSession {
  /** Resolves after stop(); rejects when the connection or a produce failed. */
  readonly ended: Promise<void>;
  acknowledge(lsn: number): Promise<void>;
  /** Received and not yet durable now: held by the assembler, queued or being produced. */
  inFlight(): InFlight;
  fail(error: unknown): void;
  stop(): Promise<void>;
}

/** Missed keepalive replies after which the connection counts as dead (no TCP reset seen). */
const SILENT_HEARTBEATS = 3;

/**
 * One connection's worth of streaming: pgoutput messages → transactions (large ones in
 * fragments) → the batcher; the slot is acknowledged only up to what the batcher made durable.
 * When nothing is open, queued or in flight, a keepalive's LSN is acknowledged too: every commit
 * before it has already been sent and made durable, so an idle database (or one busy only with
 * unpublished tables) still lets the slot advance and the server recycle WAL.
 *
 * Back-pressure: before a message is taken, received-but-not-durable events and bytes must be
 * under `maxInFlight`; otherwise the session waits for the batcher, and meanwhile the socket is
 * not read, so memory stays bounded however large a transaction or however slow the log.
 */
export function openStreamSession(options: StreamSessionOptions): StreamSession {
  const { batcher } = options;
  const assembler = createTransactionAssembler(options.primaryKeys, options.fragment);
  let acked = 0;
  let lastSeen = Date.now();
  let waitingForRoom = false;
  let closed = false;
  let failWith: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (failWith = reject));

  const inFlight = (): InFlight => ({ events: assembler.heldEvents + batcher.pendingEvents, bytes: assembler.heldBytes + batcher.pendingBytes });
  const isFull = ({ events, bytes }: InFlight) => events >= options.maxInFlight.events || bytes >= options.maxInFlight.bytes;
  const waitForRoom = async () => {
    // An idle batcher means the assembler alone holds the rest: a fragment limit below the mark
    // hands it over before that can reach the mark, so this never waits for nothing.
    while (isFull(inFlight()) && !batcher.idle && !closed) {
      waitingForRoom = true;
      await batcher.progress();
    }
    waitingForRoom = false;
    lastSeen = Date.now();
  };

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
    async onMessage(lsn: string, message: Pgoutput.Message, bytes: number) {
      lastSeen = Date.now();
      await waitForRoom();
      // A message that waited past stop() belongs to a dead connection: the next one resends it.
      if (closed) return;
      const tx = assembler.accept(lsn, message, bytes);
      if (tx) batcher.push(tx);
      options.onInFlight?.(inFlight());
    },
    onKeepalive(lsn, shouldRespond, caughtUp) {
      lastSeen = Date.now();
      const idle = caughtUp && !assembler.inTransaction && batcher.idle;
      if (idle && lsnToNumber(lsn) > acked) void acknowledge(lsnToNumber(lsn)).catch(failWith);
      else if (shouldRespond) void acknowledge(Math.max(acked, batcher.durableLsn)).catch(failWith);
    },
  });

  const timer = setInterval(() => tick(), options.heartbeatIntervalMs);
  const tick = () => {
    // While back-pressured the socket is not read, so no keepalive can arrive: that is not silence.
    if (!waitingForRoom && Date.now() - lastSeen > SILENT_HEARTBEATS * options.heartbeatIntervalMs) {
      failWith(new Error(`no message from the server for ${SILENT_HEARTBEATS} heartbeat intervals`));
      return;
    }
    if (assembler.inTransaction || !batcher.idle) {
      // A status update keeps the walsender from timing out (wal_sender_timeout) while a large
      // transaction is produced; it repeats the durable position, nothing newer.
      const durable = Math.max(acked, batcher.durableLsn);
      if (durable > 0) void acknowledge(durable).catch(failWith);
      return;
    }
    options
      .onHeartbeat()
      .then(() => acknowledge(acked, true))
      .catch((error: unknown) => options.logger.warn({ err: String(error) }, 'capture: heartbeat failed'));
  };

  const ended = Promise.race([stream.ended, failed]).finally(async () => {
    closed = true;
    clearInterval(timer);
    await stream.stop();
  });
  ended.catch(() => undefined);

  return {
    ended,
    acknowledge: (lsn) => acknowledge(lsn),
    inFlight,
    fail: (error) => failWith(error),
    async stop() {
      closed = true;
      clearInterval(timer);
      await stream.stop();
      await ended.catch(() => undefined);
    },
  };
}
