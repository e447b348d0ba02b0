import { traceIdOf, type StageEvent } from '@dsm/contracts';
import type { Batch, ConsumedRecord } from '@dsm/eventlog';
import { processRecord, type Outcome, type ProcessorDeps } from './notify.processor';
import type { NotifyStageOptions, NotifyStageStatus } from './notify.stage';

type Handled = { record: ConsumedRecord; outcome: Outcome };

/**
 * One batch, record by record in offset order. Any error — a transport or store error (domain
 * database, ledger, event log) or a stop requested between two SMTP retries — propagates: nothing
 * is committed and the batch comes again; the ledger turns the records already sent into no-ops.
 */
export async function handleNotifyBatch(
  batch: Batch,
  deps: ProcessorDeps,
  options: Pick<NotifyStageOptions, 'logger' | 'reporter'>,
  status: NotifyStageStatus,
): Promise<void> {
  const handled: Handled[] = [];
  try {
    for (const record of batch.records) handled.push({ record, outcome: await processRecord(record, deps) });
  } catch (error) {
    status.lastError = error instanceof Error ? error.message : String(error);
    options.logger.error({ err: status.lastError, handled: handled.length }, 'notify: batch not committed, it will be redelivered');
    throw error;
  }
  finish(handled, options, status);
}

function finish(handled: Handled[], options: Pick<NotifyStageOptions, 'logger' | 'reporter'>, status: NotifyStageStatus): void {
  status.batches += 1;
  status.records += handled.length;
  status.lastBatchAt = Date.now();
  for (const { record, outcome } of handled) {
    if (outcome === 'ignored') continue;
    const entry = { topic: record.topic, offset: record.offset, eventId: record.headers['id'], outcome };
    if (outcome === 'sent') status.sent += 1;
    if (outcome === 'dead-lettered' || outcome === 'unconfirmed') {
      status.deadLetters += 1;
      options.logger.warn(entry, 'notification dead-lettered');
    } else options.logger.info(entry, outcome === 'sent' ? 'notification sent' : 'notification already sent');
  }
  options.reporter?.report(toStageEvents(handled, status.batches));
}
/**
 * One stage event per source transaction and aggregate in the batch. The etl stage forwards the
 * source transaction id (`__tx`, the trace id), its LSN and commit time on every outbox record.
 */
function toStageEvents(handled: Handled[], batchNumber: number): StageEvent[] {
  const now = Date.now();
  const events = new Map<string, StageEvent>();
  for (const { record, outcome } of handled) {
    if (outcome === 'ignored') continue;
    const traceId = record.headers['__tx'] ? traceIdOf(record.headers['__tx']) : record.headers['id'] ?? `${record.topic}:${record.offset}`;
    const entity = record.topic.slice(record.topic.lastIndexOf('.') + 1);
    const committedAt = Number(record.headers['__source_ts_ms'] ?? record.timestamp);
    const failed = outcome === 'dead-lettered' || outcome === 'unconfirmed';
    const previous = events.get(`${traceId}|${entity}`);
    events.set(`${traceId}|${entity}`, {
      traceId,
      lsn: record.headers['__lsn'] ? Number(record.headers['__lsn']) : null,
      stage: 'notify',
      entity,
      key: record.key,
      at: now,
      latencyMs: Number.isFinite(committedAt) ? Math.max(0, now - committedAt) : null,
      batch: batchNumber,
      ...(failed ? { error: `notification ${outcome}` } : previous?.error ? { error: previous.error } : {}),
    });
  }
  return [...events.values()];
}
