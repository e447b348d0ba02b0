import os from 'node:os';
import pino from 'pino';
import type { Stage } from '@dsm/contracts';
import { createCaptureStage } from '@dsm/capture';
import { createStageReporter, type PipelineStage } from '@dsm/eventlog';
import { startMailbox, type Mailbox } from '@dsm/mailbox';
import { listenForPipelineControls } from '@dsm/monitor-control';
import { createNotifyStage } from '@dsm/notify';
import {
  ETL_GROUP, INDEX_GROUP, VIEW_GROUP, createEtlStage, createIndexStage, createViewStage, openToolContext, reindex,
  type ToolContext,
} from '@dsm/stages';
import { loadWorkerConfig, type WorkerConfig } from './config';

// Composition root of the pipeline worker: config → adapters → the selected stages → control
// channel; stop in reverse order so every stage commits what it has made durable.
const config = loadWorkerConfig();
const logger = pino({ level: config.LOG_LEVEL, base: { process: 'sink' } });

async function buildStages(ctx: ToolContext, mailbox: Mailbox | undefined): Promise<PipelineStage[]> {
  const { log, prefix, domainUrl, pipelineUrl, search } = ctx;
  const reporter = createStageReporter(log, prefix, { logger });
  const factories: Record<Stage, () => PipelineStage> = {
    capture: () => createCaptureStage({
      domainUrl, log, prefix, slotName: config.SLOT_NAME, walWarnBytes: config.WAL_WARN_BYTES, logger, reporter,
      maxInFlightEvents: config.CAPTURE_MAX_IN_FLIGHT_EVENTS, maxInFlightBytes: config.CAPTURE_MAX_IN_FLIGHT_BYTES,
    }),
    etl: () => createEtlStage({ log, prefix }),
    view: () => createViewStage({ log, prefix, repository: ctx.repository }),
    index: () => createIndexStage({ log, search, prefix }),
    notify: () => createNotifyStage({
      log, prefix, domainUrl, pipelineUrl, logger, reporter, from: config.MAIL_FROM,
      smtpUrl: config.SMTP_URL ?? mailbox?.smtpUrl ?? 'smtp://127.0.0.1:1025',
    }),
  };
  return config.stages.map((stage) => factories[stage]());
}

async function startMailboxIfNeeded(ctx: ToolContext, worker: WorkerConfig): Promise<Mailbox | undefined> {
  if (worker.SMTP_URL || !worker.stages.includes('notify')) return undefined;
  const mailbox = await startMailbox({
    smtpPort: worker.MAILBOX_SMTP_PORT, httpPort: worker.MAILBOX_HTTP_PORT, storage: { databaseUrl: ctx.pipelineUrl },
  });
  logger.info({ inbox: mailbox.inboxUrl, smtp: mailbox.smtpUrl }, 'local mail catcher ready');
  return mailbox;
}

async function main(): Promise<void> {
  const ctx = await openToolContext(process.env, { logger, clientId: 'dsm-sink', maintenance: true });
  const mailbox = await startMailboxIfNeeded(ctx, config);
  const stages = await buildStages(ctx, mailbox);
  for (const stage of stages) await stage.start();
  let total = 0;
  const controls = await listenForPipelineControls({
    eventLog: ctx.log, prefix: ctx.prefix, workerId: `sink-${os.hostname()}-${config.stages.join('-')}`, stages, logger,
    stageGroups: { etl: ETL_GROUP, view: VIEW_GROUP, index: INDEX_GROUP, notify: `${ctx.prefix}.notify` },
    // Only the worker that runs the index stage rebuilds indices.
    reindex: config.stages.includes('index')
      ? (index, progress) =>
          reindex(ctx, index ?? 'deliveries', {
            onStart: (count) => (total = count),
            onProgress: (done) => progress(done, total),
          }).then((result) => `${result.documents} documents in ${result.physicalIndex}`)
      : undefined,
  });
  logger.info({ stages: config.stages, prefix: ctx.prefix }, 'pipeline worker running');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'pipeline worker stopping');
    await controls.stop().catch((error: unknown) => logger.warn({ err: error }, 'control listener did not stop cleanly'));
    for (const stage of [...stages].reverse()) {
      await stage.stop().catch((error: unknown) => logger.error({ err: error, stage: stage.name }, 'stage did not stop cleanly'));
    }
    await mailbox?.close();
    await ctx.close();
    process.exit(0);
  };
  process.removeAllListeners('SIGINT').removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, error instanceof Error ? error.message : String(error));
  process.exit(1);
});
