import type { Stage } from '@dsm/contracts';
import type { EventLog, PipelineStage, PipelineStageStatus, Subscription } from '@dsm/eventlog';

export interface CountingStage extends PipelineStage {
  /** Values consumed, in order, across restarts. */
  readonly seen: string[];
}

/**
 * A real, minimal stage for control tests: a consumer group on the real event log that records
 * what it reads, so pause, resume and offset resets have observable effects.
 */
export function createCountingStage(eventLog: EventLog, name: Stage, groupId: string, topic: string): CountingStage {
  const seen: string[] = [];
  let subscription: Subscription | undefined;
  let state: PipelineStageStatus['state'] = 'idle';
  return {
    name,
    seen,
    async start() {
      subscription = await eventLog.subscribe({ groupId, topics: [topic], fromBeginning: true, maxWaitMs: 0 }, async (batch) => {
        for (const record of batch.records) seen.push(record.value ?? '');
      });
      state = 'running';
    },
    async stop() {
      await subscription?.stop();
      subscription = undefined;
      state = 'stopped';
    },
    pause() {
      subscription?.pause();
      state = 'paused';
    },
    resume() {
      subscription?.resume();
      state = 'running';
    },
    status: () => ({ name, state, batches: 0, records: seen.length, deadLetters: 0 }),
  };
}
