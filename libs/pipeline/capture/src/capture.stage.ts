import { CAPTURED_TABLES, PUBLICATION_NAME, heartbeatTopic, rawTopic, transactionTopic } from '@dsm/contracts';
import type { PipelineStage, PipelineStageStatus } from '@dsm/eventlog';
import { CaptureSettingsSchema, type CaptureReporter, type CaptureStageOptions } from './capture-options.schema';
import type { StageEvent } from '@dsm/contracts';
import { runInitialSnapshot } from './initial-snapshot.service';
import { ensureCaptureStateTopic, readSnapshotMarker } from './snapshot-marker.repository';
import { discardUnfinishedSlot, inspectSource } from './source.preparation';
import { buildSnapshotStageEvents, buildStageEvents } from './stage-events.mapper';
import { openStreamSession, type StreamSession } from './stream.session';
import { createTransactionBatcher } from './transaction.batcher';
import type { PrimaryKeys } from './transaction.assembler';
import { startWalRetentionMonitor, type WalRetentionMonitor } from './wal-retention.monitor';

export interface CaptureStatus extends PipelineStageStatus {
  phase: 'idle' | 'snapshot' | 'streaming' | 'reconnecting';
  slot: string;
  /** Commit LSN of the last transaction durable in the log. */
  durableLsn: number;
  /** Change events received from the slot and not yet durable (bounded by maxInFlightEvents). */
  inFlightEvents: number;
  /** The most there ever were at once, since start (the back-pressure test's proof that the mark holds). */
  peakInFlightEvents: number;
  snapshotRows: number;
  retainedWalBytes: number | null;
}

export interface CaptureStage extends PipelineStage {
  status(): CaptureStatus;
  /** Measures the slot's retained WAL now (also done periodically). */
  checkWalRetention(): Promise<number | null>;
}

/**
 * The capture stage: WAL (pgoutput, slot `slotName` on publication dsm_publication) → Debezium
 * change events on `<prefix>.public.<table>` with BEGIN/END on `<prefix>.transaction`. First
 * start snapshots every row from the slot's exported snapshot; afterwards it streams from the
 * slot, acknowledging an LSN only once produce() resolved for everything before it. Connection
 * losses (PostgreSQL restart, killed walsender) are retried with exponential back-off.
 */
export function createCaptureStage(options: CaptureStageOptions): CaptureStage {
  const settings = CaptureSettingsSchema.parse(options);
  const { log, logger } = options;
  const serverName = settings.serverName ?? settings.prefix;
  // In-flight events and retained WAL are read from their owners when asked, so they cannot go stale.
  const status: Omit<CaptureStatus, 'inFlightEvents' | 'retainedWalBytes'> = { name: 'capture', state: 'idle', phase: 'idle', slot: settings.slotName, batches: 0, records: 0, deadLetters: 0, durableLsn: 0, peakInFlightEvents: 0, snapshotRows: 0 };
  let db = '';
  let session: StreamSession | null = null;
  let monitor: WalRetentionMonitor | null = null;
  let loop: Promise<void> | null = null;
  let wake: () => void = () => undefined;

  const report = (events: StageEvent[]) => reportSafely(options.reporter, events, logger);
  const acknowledgeDurable = async (durableLsn: number) => {
    try {
      await session?.acknowledge(durableLsn);
    } catch (error) {
      // The connection is gone: its session ends and reconnects by itself, the slot still stands
      // at the last acknowledged LSN, and the batcher drops what the slot sends again up to durableLsn.
      logger.debug({ err: String(error), durableLsn }, 'capture: acknowledge failed, the next session resumes from the slot');
    }
  };

  const batcher = createTransactionBatcher({
    log, prefix: settings.prefix, serverName, db: () => db, maxBatchEvents: settings.maxBatchEvents, maxBatchBytes: settings.maxBatchBytes,
    onError: (error) => session?.fail(error),
    async onDurable(batch, durableLsn) {
      status.durableLsn = durableLsn;
      status.batches += 1;
      status.records += batch.reduce((sum, tx) => sum + tx.changes.length, 0);
      status.lastBatchAt = Date.now();
      if (durableLsn > 0) await acknowledgeDurable(durableLsn);
      await report(buildStageEvents(batch, status.batches, Date.now()));
    },
  });

  const snapshotIfNeeded = async (primaryKeys: PrimaryKeys, slotExists: boolean) => {
    const marker = await readSnapshotMarker(log, settings.prefix, settings.slotName);
    if (slotExists && marker) return;
    if (slotExists) await discardUnfinishedSlot(settings.domainUrl, settings.slotName, logger);
    status.phase = 'snapshot';
    const done = await runInitialSnapshot({
      domainUrl: settings.domainUrl, log, prefix: settings.prefix, slotName: settings.slotName, serverName, db,
      tables: CAPTURED_TABLES, primaryKeys, batchSize: settings.snapshotBatchSize,
      onProgress: async (rows, changes, xmin) => {
        status.snapshotRows = rows;
        status.batches += 1;
        await report(buildSnapshotStageEvents(changes, xmin, status.batches, Date.now()));
      },
    });
    logger.info({ slot: settings.slotName, rows: done.rows }, 'capture: initial snapshot complete');
  };

  const streamOnce = async () => {
    const source = await inspectSource(settings.domainUrl, settings.slotName);
    db = source.db;
    await snapshotIfNeeded(source.primaryKeys, source.slotExists);
    if (status.state !== 'running') return;
    session = openStreamSession({
      domainUrl: settings.domainUrl, slotName: settings.slotName, publication: PUBLICATION_NAME, primaryKeys: source.primaryKeys,
      batcher, heartbeatIntervalMs: settings.heartbeatIntervalMs, logger,
      fragment: { maxEvents: settings.maxBatchEvents, maxBytes: settings.maxBatchBytes },
      maxInFlight: { events: settings.maxInFlightEvents, bytes: settings.maxInFlightBytes },
      onInFlight: ({ events }) => {
        status.peakInFlightEvents = Math.max(status.peakInFlightEvents, events);
      },
      onStreaming: () => {
        status.phase = 'streaming';
        attempt = 0;
        logger.info({ slot: settings.slotName }, 'capture: streaming');
      },
      onHeartbeat: () => produceHeartbeat(),
    });
    try {
      await session.ended;
    } finally {
      await session.stop();
      session = null;
      await batcher.reset();
    }
  };

  let attempt = 0;
  const run = async () => {
    while (status.state !== 'stopping') {
      if (status.state === 'paused') {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      try {
        await streamOnce();
      } catch (error) {
        if (status.state !== 'running') continue;
        status.lastError = error instanceof Error ? error.message : String(error);
        status.phase = 'reconnecting';
        const delay = Math.min(settings.reconnect.maxMs, settings.reconnect.initialMs * 2 ** attempt);
        attempt += 1;
        logger.warn({ err: status.lastError, retryInMs: delay }, 'capture: replication interrupted, reconnecting');
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, delay);
        });
      }
    }
  };

  const produceHeartbeat = async () => {
    await log.produce([{ topic: heartbeatTopic(settings.prefix), key: JSON.stringify({ serverName }), value: JSON.stringify({ ts_ms: Date.now() }) }]);
  };

  return {
    name: 'capture',
    async start() {
      status.state = 'starting';
      await log.ensureTopics([
        ...CAPTURED_TABLES.map((table) => ({ name: rawTopic(settings.prefix, table) })),
        { name: transactionTopic(settings.prefix), partitions: 1 },
        { name: heartbeatTopic(settings.prefix), partitions: 1 },
      ]);
      await ensureCaptureStateTopic(log, settings.prefix);
      monitor = startWalRetentionMonitor({ domainUrl: settings.domainUrl, slotName: settings.slotName, warnBytes: settings.walWarnBytes, intervalMs: settings.walCheckIntervalMs, logger });
      status.state = 'running';
      loop = run();
    },
    async stop() {
      if (status.state === 'idle' || status.state === 'stopped') return;
      status.state = 'stopping';
      wake();
      // Let the batch in hand become durable and acknowledged before the connection closes.
      await batcher.drain();
      await session?.stop();
      await loop;
      monitor?.stop();
      status.state = 'stopped';
      status.phase = 'idle';
    },
    pause() {
      if (status.state !== 'running') return;
      status.state = 'paused';
      void session?.stop();
    },
    resume() {
      if (status.state !== 'paused') return;
      status.state = 'running';
      wake();
    },
    status: () => ({
      ...status,
      // Between sessions the assembler is gone; what the batcher still holds is all there is.
      inFlightEvents: session?.inFlight().events ?? batcher.pendingEvents,
      retainedWalBytes: monitor?.retainedWalBytes ?? null,
    }),
    checkWalRetention: () => monitor?.check() ?? Promise.resolve(null),
  };
}

async function reportSafely(reporter: CaptureReporter | undefined, events: StageEvent[], logger: CaptureStageOptions['logger']): Promise<void> {
  if (!reporter || events.length === 0) return;
  try {
    await reporter.report(events);
  } catch (error) {
    // Stage events are for watching; losing one must not stop the capture.
    logger.warn({ err: String(error) }, 'capture: stage event report failed');
  }
}
