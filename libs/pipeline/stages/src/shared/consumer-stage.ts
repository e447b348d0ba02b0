import type { Stage, StageEvent } from '@dsm/contracts';
import {
  createStageReporter, type Batch, type BatchResult, type EventLog, type PipelineStage, type PipelineStageStatus, type StageReporter,
  type SubscribeOptions, type Subscription,
} from '@dsm/eventlog';
import { errorText } from './reporting';

export interface StageCounters {
  records: number;
  deadLetters: number;
  /** Stage events of this batch, reported only once the handler's output is durable. */
  events: StageEvent[];
}

export interface ConsumerStageOptions {
  name: Stage;
  log: EventLog;
  prefix: string;
  /** Where stage events go; by default a reporter of the stage's own on `log`. */
  reporter?: Pick<StageReporter, 'report'>;
  subscribe: SubscribeOptions;
  /** Runs once before joining the group (e.g. ensure topics or indices). */
  prepare?: () => Promise<void>;
  handle: (batch: Batch, counters: StageCounters) => Promise<void | BatchResult>;
  onStop?: () => Promise<void>;
}

/**
 * The PipelineStage lifecycle around an event-log consumer. The failure policy stays in the
 * handler: it dead-letters bad records itself and throws on a transport or store error, so the
 * log redelivers the batch (nothing is committed) after its back-off.
 */
export function createConsumerStage(options: ConsumerStageOptions): PipelineStage {
  let subscription: Subscription | null = null;
  let ownReporter: StageReporter | null = null;
  const status: PipelineStageStatus = { name: options.name, state: 'idle', batches: 0, records: 0, deadLetters: 0 };

  const handler = async (batch: Batch): Promise<void | BatchResult> => {
    const counters: StageCounters = { records: 0, deadLetters: 0, events: [] };
    try {
      const result = await options.handle(batch, counters);
      if (counters.events.length) (options.reporter ?? ownReporter)?.report(counters.events);
      status.batches += 1;
      status.records += batch.records.length;
      status.deadLetters += counters.deadLetters;
      status.lastBatchAt = Date.now();
      if (status.state === 'failed') status.state = 'running';
      return result;
    } catch (error) {
      status.lastError = errorText(error);
      throw error;
    }
  };

  return {
    name: options.name,
    async start() {
      status.state = 'starting';
      try {
        if (!options.reporter) ownReporter ??= createStageReporter(options.log, options.prefix);
        await options.prepare?.();
        subscription = await options.log.subscribe(options.subscribe, handler);
        status.state = 'running';
      } catch (error) {
        status.state = 'failed';
        status.lastError = errorText(error);
        throw error;
      }
    },
    async stop() {
      status.state = 'stopping';
      await subscription?.stop();
      subscription = null;
      await ownReporter?.close();
      ownReporter = null;
      await options.onStop?.();
      status.state = 'stopped';
    },
    pause() {
      subscription?.pause();
      if (subscription) status.state = 'paused';
    },
    resume() {
      subscription?.resume();
      if (subscription) status.state = 'running';
    },
    status: () => ({ ...status }),
  };
}
