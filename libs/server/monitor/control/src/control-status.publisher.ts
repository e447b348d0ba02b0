import { controlStatusTopic, type ControlRequest, type ControlStatus } from '@dsm/contracts';
import type { EventLog } from '@dsm/eventlog';

export type StatusUpdate = Pick<ControlStatus, 'state'> & Partial<Pick<ControlStatus, 'progress' | 'message'>>;

/** Answers one command on `<prefix>.pipeline.control-status`, keyed by the command id. */
export function createStatusPublisher(eventLog: EventLog, prefix: string, workerId: string) {
  return async (request: ControlRequest, update: StatusUpdate): Promise<void> => {
    const status: ControlStatus = {
      id: request.id,
      worker: workerId,
      command: request.command,
      state: update.state,
      progress: update.progress ?? null,
      message: update.message ?? null,
      at: Date.now(),
    };
    await eventLog.produce([{ topic: controlStatusTopic(prefix), key: request.id, value: JSON.stringify(status) }]);
  };
}
