import { sendToDeadLetters, type ConsumedRecord, type EventLog } from '@dsm/eventlog';

/** Writes a record the stage gives up on to `<prefix>.dlq.notify`, with the error and the original. */
export async function sendNotifyDeadLetter(log: EventLog, prefix: string, record: ConsumedRecord, error: string, attempts: number): Promise<void> {
  await sendToDeadLetters(log, prefix, 'notify', [{ record, error: new Error(error), attempts }]);
}
