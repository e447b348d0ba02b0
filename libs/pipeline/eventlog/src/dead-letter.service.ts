import { DeadLetterSchema, dlqTopic, parseRecordValue, type DeadLetter, type Stage } from '@dsm/contracts';
import { z } from 'zod';
import type { ConsumedRecord, EventLog, ProducedRecord } from './eventlog.port';
import { errorMessage } from './logger';

export interface FailedRecord {
  record: ConsumedRecord;
  error: unknown;
  /** How often the stage tried; default 1. */
  attempts?: number;
}

export interface DeadLetterEntry {
  /** `<topic>:<partition>:<offset>` of the original record; the dead letter's key. */
  id: string;
  deadLetter: DeadLetter;
  /** Set once replayed or discarded. */
  handled?: HandledMarker;
}

const HandledMarkerSchema = z.object({ action: z.enum(['replayed', 'discarded']), at: z.number() });
export type HandledMarker = z.infer<typeof HandledMarkerSchema>;

const DLQ_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** Compacted topic of "handled" markers, keyed by dead-letter id (the DLQ itself is append-only). */
export const dlqHandledTopic = (prefix: string, stage: string): string => `${dlqTopic(prefix, stage)}.handled`;

export const deadLetterId = (record: Pick<ConsumedRecord, 'topic' | 'partition' | 'offset'>): string =>
  `${record.topic}:${record.partition}:${record.offset}`;

async function ensureDlqTopics(log: EventLog, prefix: string, stage: Stage): Promise<void> {
  await log.ensureTopics([
    { name: dlqTopic(prefix, stage), retentionMs: DLQ_RETENTION_MS },
    { name: dlqHandledTopic(prefix, stage), compacted: true },
  ]);
}

/**
 * Writes records a stage could not process to `<prefix>.dlq.<stage>`. Rejects when the write
 * fails: the stage must then not commit, or the records would be lost.
 */
export async function sendToDeadLetters(log: EventLog, prefix: string, stage: Stage, failed: FailedRecord[]): Promise<ProducedRecord[]> {
  if (failed.length === 0) return [];
  await ensureDlqTopics(log, prefix, stage);
  const failedAt = Date.now();
  return log.produce(
    failed.map(({ record, error, attempts }) => {
      const letter: DeadLetter = DeadLetterSchema.parse({
        stage,
        error: errorMessage(error),
        failedAt,
        attempts: attempts ?? 1,
        original: { topic: record.topic, partition: record.partition, offset: record.offset, key: record.key, value: record.value, headers: record.headers },
      });
      return { topic: dlqTopic(prefix, stage), key: deadLetterId(record), value: JSON.stringify(letter), timestamp: failedAt };
    }),
  );
}

/** Dead letters of a stage with their handled state (oldest first; up to `limit`, default 1000). */
export async function readDeadLetters(log: EventLog, prefix: string, stage: Stage, options: { limit?: number; includeHandled?: boolean } = {}): Promise<DeadLetterEntry[]> {
  await ensureDlqTopics(log, prefix, stage);
  const handled = new Map<string, HandledMarker>();
  for (const marker of await log.read(dlqHandledTopic(prefix, stage), { limit: Number.MAX_SAFE_INTEGER })) {
    const parsed = HandledMarkerSchema.safeParse(parseRecordValue(marker.value));
    if (marker.key && parsed.success) handled.set(marker.key, parsed.data);
  }
  const entries: DeadLetterEntry[] = [];
  for (const record of await log.read(dlqTopic(prefix, stage), { limit: options.limit ?? 1000 })) {
    const parsed = DeadLetterSchema.safeParse(parseRecordValue(record.value));
    if (!parsed.success || !record.key) continue;
    entries.push({ id: record.key, deadLetter: parsed.data, handled: handled.get(record.key) });
  }
  const latest = new Map(entries.map((entry) => [entry.id, entry]));
  return [...latest.values()].filter((entry) => options.includeHandled || !entry.handled);
}

/**
 * Puts the original record back on its topic (the stage will see it again), then marks the dead
 * letter handled. A crash in between replays it once more: stages are idempotent.
 */
export async function replayDeadLetter(log: EventLog, prefix: string, stage: Stage, id: string): Promise<ProducedRecord> {
  const entry = (await readDeadLetters(log, prefix, stage, { includeHandled: true, limit: Number.MAX_SAFE_INTEGER })).find((e) => e.id === id);
  if (!entry) throw new Error(`No dead letter ${id} on ${dlqTopic(prefix, stage)}`);
  const { original } = entry.deadLetter;
  const [produced] = await log.produce([
    { topic: original.topic, key: original.key, value: original.value, headers: { ...original.headers, 'dsm-replayed-from': id } },
  ]);
  await markHandled(log, prefix, stage, id, 'replayed');
  return produced;
}

/** Marks a dead letter handled without replaying it. */
export async function discardDeadLetter(log: EventLog, prefix: string, stage: Stage, id: string): Promise<void> {
  await markHandled(log, prefix, stage, id, 'discarded');
}

async function markHandled(log: EventLog, prefix: string, stage: Stage, id: string, action: HandledMarker['action']): Promise<void> {
  const marker: HandledMarker = { action, at: Date.now() };
  await log.produce([{ topic: dlqHandledTopic(prefix, stage), key: id, value: JSON.stringify(marker) }]);
}
