import type { Stage } from '@dsm/contracts';
import { createCaptureStage } from '@dsm/capture';
import { createStageReporter, type EventLogLogger, type PipelineStage } from '@dsm/eventlog';
import { startMailbox, type Mailbox } from '@dsm/mailbox';
import { createNotifyStage } from '@dsm/notify';
import { createEtlStage } from '../etl/etl.stage';
import { createIndexStage } from '../index/index.stage';
import type { ToolContext } from '../tools/tool-context';
import { createViewStage } from '../view/view.stage';

/** The worker's own settings beside the shared pipeline environment (apps/sink's config.ts parses them). */
export interface WorkerSettings {
  stages: Stage[];
  SLOT_NAME: string;
  WAL_WARN_BYTES: number;
  /** Unset: the capture's own high-water marks (its schema validates what is given). */
  CAPTURE_MAX_IN_FLIGHT_EVENTS?: number;
  CAPTURE_MAX_IN_FLIGHT_BYTES?: number;
  MAIL_FROM: string;
  /** Unset: the notify stage sends to the embedded mail catcher. */
  SMTP_URL?: string;
  MAILBOX_SMTP_PORT: number;
  MAILBOX_HTTP_PORT: number;
}

/** The selected stages, built in pipeline order, and the mail catcher started for notify (if any). */
export interface WorkerStages {
  stages: PipelineStage[];
  mailbox: Mailbox | undefined;
}

/** The selected stages, in pipeline order, on the context's log, index and databases. */
export async function buildStages(ctx: ToolContext, settings: WorkerSettings, logger: EventLogLogger): Promise<WorkerStages> {
  const { log, prefix, domainUrl, pipelineUrl, search } = ctx;
  const reporter = createStageReporter(log, prefix, { logger });
  let mailbox: Mailbox | undefined;
  const factories: Record<Stage, () => PipelineStage | Promise<PipelineStage>> = {
    capture: () => createCaptureStage({
      domainUrl, log, prefix, slotName: settings.SLOT_NAME, walWarnBytes: settings.WAL_WARN_BYTES, logger, reporter,
      maxInFlightEvents: settings.CAPTURE_MAX_IN_FLIGHT_EVENTS, maxInFlightBytes: settings.CAPTURE_MAX_IN_FLIGHT_BYTES,
    }),
    etl: () => createEtlStage({ log, prefix, reporter }),
    view: () => createViewStage({ log, prefix, repository: ctx.repository, reporter }),
    index: () => createIndexStage({ log, search, prefix, reporter }),
    notify: async () => createNotifyStage({
      log, prefix, domainUrl, pipelineUrl, logger, reporter, from: settings.MAIL_FROM,
      // No SMTP_URL: the embedded mail catcher, started only for the notify stage.
      smtpUrl: settings.SMTP_URL ?? (mailbox = await startLocalMailbox(ctx, settings, logger)).smtpUrl,
    }),
  };
  const stages: PipelineStage[] = [];
  for (const stage of settings.stages) stages.push(await factories[stage]());
  return { stages, mailbox };
}

async function startLocalMailbox(ctx: ToolContext, settings: WorkerSettings, logger: EventLogLogger): Promise<Mailbox> {
  const mailbox = await startMailbox({
    smtpPort: settings.MAILBOX_SMTP_PORT, httpPort: settings.MAILBOX_HTTP_PORT, storage: { databaseUrl: ctx.pipelineUrl },
  });
  logger.info({ inbox: mailbox.inboxUrl, smtp: mailbox.smtpUrl }, 'local mail catcher ready');
  return mailbox;
}
