import type { EventLogLogger, PipelineStage } from '@dsm/eventlog';
import type { Mailbox } from '@dsm/mailbox';
import { notifyGroup } from '@dsm/notify';
import { listenForPipelineControls } from '@dsm/monitor-control';
import os from 'node:os';
import { INDEX_GROUP } from '../index/index.stage';
import { ETL_GROUP } from '../etl/etl.stage';
import { reindex, removedDuringBuildNote, waitingForWritersMessage } from '../tools/reindex.service';
import { openToolContext, type ToolContext } from '../tools/tool-context';
import { VIEW_GROUP } from '../view/view.stage';
import { buildStages, type WorkerSettings } from './worker-stages';

export interface WorkerOptions {
  /** The environment the log, index and databases are chosen from (PipelineEnvSchema). */
  env: NodeJS.ProcessEnv;
  logger: EventLogLogger;
}

/** A running pipeline worker: its context, stages and mail catcher, and the way to stop it. */
export interface RunningWorker {
  ctx: ToolContext;
  stages: PipelineStage[];
  mailbox: Mailbox | undefined;
  /** Controls first, then the stages in reverse order, so each commits what it made durable. */
  stop(): Promise<void>;
}

/**
 * Starts the pipeline worker: config → adapters → the selected stages → control channel. Every
 * pool it opens survives a PostgreSQL restart (connection errors are logged, the operation in
 * hand fails and its batch is redelivered), so the worker outlives its database going away.
 */
export async function startWorker(settings: WorkerSettings, options: WorkerOptions): Promise<RunningWorker> {
  const { logger } = options;
  const ctx = await openToolContext(options.env, { logger, clientId: 'dsm-sink', maintenance: true });
  const { stages, mailbox } = await buildStages(ctx, settings, logger);
  for (const stage of stages) await stage.start();
  let total = 0;
  const controls = await listenForPipelineControls({
    eventLog: ctx.log, prefix: ctx.prefix, workerId: `sink-${os.hostname()}-${settings.stages.join('-')}`, stages, logger,
    stageGroups: { etl: ETL_GROUP, view: VIEW_GROUP, index: INDEX_GROUP, notify: notifyGroup(ctx.prefix) },
    // Only the worker that runs the index stage rebuilds indices.
    reindex: settings.stages.includes('index')
      ? (index, progress, note) =>
          reindex(ctx, index ?? 'deliveries', {
            onStart: (count) => (total = count),
            onProgress: (done) => progress(done, total),
            onWaitingForWriters: (writers) => note(waitingForWritersMessage(writers)),
          }).then((result) => `${result.documents} documents in ${result.physicalIndex}${removedDuringBuildNote(result.removed)}`)
      : undefined,
  });
  logger.info({ stages: settings.stages, prefix: ctx.prefix }, 'pipeline worker running');
  return {
    ctx, stages, mailbox,
    async stop() {
      await controls.stop().catch((error: unknown) => logger.warn({ err: error }, 'control listener did not stop cleanly'));
      for (const stage of [...stages].reverse()) {
        await stage.stop().catch((error: unknown) => logger.error({ err: error, stage: stage.name }, 'stage did not stop cleanly'));
      }
      await mailbox?.close();
      await ctx.close();
    },
  };
}
