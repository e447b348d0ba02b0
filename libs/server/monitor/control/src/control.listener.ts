import { ControlRequestSchema, controlStatusTopic, parseRecordValue, controlTopic, type Stage } from '@dsm/contracts';
import { consoleLogger, errorMessage, type EventLog, type EventLogLogger, type PipelineStage, type Subscription } from '@dsm/eventlog';
import { planCommand, type ControlWorkerDeps } from './control-commands';
import { createStatusPublisher } from './control-status.publisher';

export interface ControlListenerOptions {
  eventLog: EventLog;
  prefix: string;
  /** Stable name of this worker process: its consumer group and the `worker` of its answers. */
  workerId: string;
  /** The stages this process runs; commands for other stages are left to other workers. */
  stages: PipelineStage[];
  /** Consumer group per stage, for reset-group (the stages' own group ids). */
  stageGroups: Partial<Record<Stage, string>>;
  reindex?: ControlWorkerDeps['reindex'];
  /** Commands older than this when read (e.g. sent while the worker was down) are refused. */
  maxAgeMs?: number;
  logger?: EventLogLogger;
}

/**
 * The worker's end of the control channel: reads `<prefix>.pipeline.control` (the server checked
 * the role and wrote the audit line), runs what concerns this process's stages, and answers
 * running/progress/done/failed on `<prefix>.pipeline.control-status`. A failed command is
 * answered and committed, never retried: an operator decides whether to try again.
 */
export async function listenForPipelineControls(options: ControlListenerOptions): Promise<Subscription> {
  const { eventLog, prefix, workerId } = options;
  const logger = options.logger ?? consoleLogger;
  const maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
  const publish = createStatusPublisher(eventLog, prefix, workerId);
  const deps: ControlWorkerDeps = {
    eventLog, prefix, reindex: options.reindex, stageGroups: options.stageGroups,
    stages: new Map(options.stages.map((stage) => [stage.name, stage])),
  };
  await eventLog.ensureTopics([{ name: controlTopic(prefix), partitions: 1 }, { name: controlStatusTopic(prefix), partitions: 1 }]);

  // Offsets start at the end: a worker's first start must not replay the channel's history.
  return eventLog.subscribe({ groupId: `${prefix}.control.${workerId}`, topics: [controlTopic(prefix)], fromBeginning: false }, async (batch) => {
    for (const record of batch.records) {
      const parsed = ControlRequestSchema.safeParse(parseRecordValue(record.value));
      if (!parsed.success) {
        logger.warn({ offset: record.offset }, 'control: skipped an invalid command');
        continue;
      }
      const request = parsed.data;
      const run = planCommand(deps, request);
      if (!run) continue;
      if (Date.now() - request.at > maxAgeMs) {
        await publish(request, { state: 'failed', message: 'The command expired before this worker could run it' });
        continue;
      }
      await publish(request, { state: 'running' });
      try {
        const message = await run((update) => publish(request, update));
        await publish(request, { state: 'done', message });
      } catch (error) {
        logger.error({ command: request.command.type, err: errorMessage(error) }, 'control: command failed');
        await publish(request, { state: 'failed', message: errorMessage(error) });
      }
    }
  });
}
