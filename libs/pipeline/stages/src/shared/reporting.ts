import { DeadLetterSchema, dlqTopic, traceIdOf, type DeadLetter, type Stage, type StageEvent } from '@dsm/contracts';
import { deadLetterId, type ConsumedRecord, type OutgoingRecord } from '@dsm/eventlog';

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message.slice(0, 2000);
  return String(error).slice(0, 2000);
}

/**
 * A record the stage could not process, on `<prefix>.dlq.<stage>`, in the event log's dead-letter
 * format (keyed by `deadLetterId`, so `readDeadLetters`/`replayDeadLetter` and `dsm dlq` work on
 * it). Built here rather than sent with `sendToDeadLetters` so that it goes out in the stage's
 * own produce(), atomically with the rest of the batch's output.
 */
export function deadLetterRecord(prefix: string, stage: Stage, record: ConsumedRecord, error: unknown, now: number): OutgoingRecord {
  const letter: DeadLetter = {
    stage,
    error: errorText(error),
    failedAt: now,
    attempts: 1,
    original: { topic: record.topic, partition: record.partition, offset: record.offset, key: record.key, value: record.value, headers: record.headers },
  };
  return { topic: dlqTopic(prefix, stage), key: deadLetterId(record), value: JSON.stringify(DeadLetterSchema.parse(letter)), timestamp: now };
}

export interface StageEventInput {
  traceId: string | null;
  lsn: number | null;
  entity: string;
  key: string | null;
  sourceTs: number | null;
  batch: number;
  error?: string;
}

/**
 * One stage event per unit and entity, reported once the output it describes is durable. It is
 * not produced with that output: every stage writing to the few stage-events partitions inside
 * its own transaction made the stages wait for each other's commits.
 */
export function stageEvent(stage: Stage, input: StageEventInput, now: number): StageEvent {
  return {
    traceId: input.traceId ? traceIdOf(input.traceId) : 'snapshot',
    lsn: input.lsn,
    stage,
    entity: input.entity,
    key: input.key,
    at: now,
    latencyMs: input.sourceTs === null ? null : Math.max(0, now - input.sourceTs),
    batch: input.batch,
    ...(input.error ? { error: input.error } : {}),
  };
}
