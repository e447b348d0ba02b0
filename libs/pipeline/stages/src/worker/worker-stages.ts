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
  CAPTURE_MAX_IN_FLIGHT_EVENTS: number;
  CAPTURE_MAX_IN_FLIGHT_BYTES: number;
  MAIL_FROM: string;
  /** Unset: the notify stage sends to the embedded mail catcher. */
  SMTP_URL?: string;
  MAILBOX_SMTP_PORT: number;
  MAILBOX_HTTP_PORT: number;
}

/** The selected stages, in pipeline order, on the context's log, index and databases. */
export function buildStages(ctx: ToolContext, settings: WorkerSettings, logger: EventLogLogger, mailbox: Mailbox | undefined): PipelineStage[] {
  const { log, prefix, domainUrl, pipelineUrl, search } = ctx;
  const reporter = createStageReporter(log, prefix, { logger });
  const factories: Record<Stage, () => PipelineStage> = {
    capture: () => createCaptureStage({
      domainUrl, log, prefix, slotName: settings.SLOT_NAME, walWarnBytes: settings.WAL_WARN_BYTES, logger, reporter,
      maxInFlightEvents: settings.CAPTURE_MAX_IN_FLIGHT_EVENTS, maxInFlightBytes: settings.CAPTURE_MAX_IN_FLIGHT_BYTES,
    }),
    etl: () => createEtlStage({ log, prefix, reporter }),
    view: () => createViewStage({ log, prefix, repository: ctx.repository, reporter }),
    index: () => createIndexStage({ log, search, prefix, reporter }),
    notify: () => createNotifyStage({
      log, prefix, domainUrl, pipelineUrl, logger, reporter, from: settings.MAIL_FROM,
      smtpUrl: settings.SMTP_URL ?? mailbox?.smtpUrl ?? 'smtp://127.0.0.1:1025',
    }),
  };
  return settings.stages.map((stage) => factories[stage]());
}

/** The embedded mail catcher, when the notify stage runs and no SMTP_URL names a real server. */
export async function startMailboxIfNeeded(ctx: ToolContext, settings: WorkerSettings, logger: EventLogLogger): Promise<Mailbox | undefined> {
  if (settings.SMTP_URL || !settings.stages.includes('notify')) return undefined;
  const mailbox = await startMailbox({
    smtpPort: settings.MAILBOX_SMTP_PORT, httpPort: settings.MAILBOX_HTTP_PORT, storage: { databaseUrl: ctx.pipelineUrl },
  });
  logger.info({ inbox: mailbox.inboxUrl, smtp: mailbox.smtpUrl }, 'local mail catcher ready');
  return mailbox;
}
