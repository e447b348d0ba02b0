import { dlqTopic, type DeadLetter } from '@dsm/contracts';
import type { ConsumedRecord, EventLog } from '@dsm/eventlog';

/** Writes a record the stage gives up on to `<prefix>.dlq.notify`, with the error and the original. */
export async function sendNotifyDeadLetter(log: EventLog, prefix: string, record: ConsumedRecord, error: string, attempts: number): Promise<void> {
  const letter: DeadLetter = {
    stage: 'notify',
    error,
    failedAt: Date.now(),
    attempts,
    original: {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      key: record.key,
      value: record.value,
      headers: record.headers,
    },
  };
  await log.produce([{ topic: dlqTopic(prefix, 'notify'), key: record.key, value: JSON.stringify(letter), headers: record.headers }]);
}
