import { DeadLetterSchema, dlqTopic, type DeadLetter, type Stage } from '@dsm/contracts';
import type { EventLog } from '@dsm/eventlog';

export interface DeadLetterEntry {
  partition: number;
  offset: string;
  deadLetter: DeadLetter;
}

/** The newest dead letters of a stage, with the partition/offset a replay or discard refers to. */
export async function readDeadLetters(eventLog: EventLog, prefix: string, stage: Stage, limit: number): Promise<DeadLetterEntry[]> {
  const topic = dlqTopic(prefix, stage);
  const topics = await eventLog.listTopics();
  if (!topics.some((info) => info.name === topic)) return [];
  const records = await eventLog.read(topic, { last: limit });
  return records
    .flatMap((record) => {
      const parsed = DeadLetterSchema.safeParse(record.value === null ? null : JSON.parse(record.value));
      return parsed.success ? [{ partition: record.partition, offset: record.offset, deadLetter: parsed.data }] : [];
    })
    .sort((a, b) => b.deadLetter.failedAt - a.deadLetter.failedAt)
    .slice(0, limit);
}
