import { outboxTopic } from '@dsm/contracts';
import type { EventLog, PipelineStage, PipelineStageStatus, StageReporter, Subscription } from '@dsm/eventlog';
import { createResilientPool } from '@dsm/data';
import { createLedgerRepository, ensureLedgerSchema } from './ledger.repository';
import { createSmtpMailer, type Mailer } from './mailer.adapter';
import { NOTIFY_AGGREGATES } from './notify-event.schema';
import { handleNotifyBatch } from './notify-batch';
import { createRecipientRepository } from './recipient.repository';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';

/** The subset of a pino logger the stage writes to. */
export interface NotifyLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface NotifyStageOptions {
  log: EventLog;
  prefix: string;
  /** The domain database: customers and organizations are read from it at send time. */
  domainUrl: string;
  /** The pipeline database: the sent-ledger and notification log live in its schema `notify`. */
  pipelineUrl: string;
  smtpUrl: string;
  /** Sender, e.g. `"Delivery System" <no-reply@dsm.local>`; its domain also names the Message-IDs. */
  from: string;
  logger: NotifyLogger;
  /** Stage events for the live pipeline view (`createStageReporter`). */
  reporter?: Pick<StageReporter, 'report'>;
  retry?: Partial<RetryPolicy>;
  groupId?: string;
  /** Another mail port (default: nodemailer over `smtpUrl`). */
  mailer?: Mailer;
}

export interface NotifyStageStatus extends PipelineStageStatus {
  /** E-mails the SMTP server accepted since start. */
  sent: number;
}

/** The notify stage is a PipelineStage whose status also counts the e-mails sent. */
export interface NotifyStage extends PipelineStage {
  status(): NotifyStageStatus;
}

/** Small batches: each record is an SMTP exchange, and a batch is redelivered whole after an error. */
const MAX_BATCH = 50;

/** The topics the stage reads: one per outbox aggregate that can lead to an e-mail. */
export const notifyTopics = (prefix: string): string[] => NOTIFY_AGGREGATES.map((aggregate) => outboxTopic(prefix, aggregate));

/** The stage's consumer group on `prefix`'s topics (the default `groupId`); the monitor and tests read its lag. */
export const notifyGroup = (prefix: string): string => `${prefix}.notify`;

/**
 * The notify stage: outbox events → e-mail, each at most once and, barring a crash inside the
 * SMTP exchange (see notify.processor.ts), exactly once. Records of one partition are handled in
 * order, one at a time, so a customer's e-mails go out in the order their events happened.
 */
export function createNotifyStage(options: NotifyStageOptions): NotifyStage {
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const status: NotifyStageStatus = { name: 'notify', state: 'idle', batches: 0, records: 0, deadLetters: 0, sent: 0 };
  let subscription: Subscription | null = null;
  let release: (() => Promise<void>) | null = null;

  async function start(): Promise<void> {
    status.state = 'starting';
    const pool = createResilientPool(
      { connectionString: options.pipelineUrl, max: 2, application_name: 'dsm-notify' },
      { name: 'notify ledger', logger: options.logger },
    );
    const recipients = createRecipientRepository(options.domainUrl, options.logger);
    const mailer = options.mailer ?? createSmtpMailer(options.smtpUrl, options.from);
    release = async () => {
      mailer.close();
      await Promise.all([pool.end(), recipients.close()]);
    };
    await ensureLedgerSchema(pool);
    const topics = notifyTopics(options.prefix);
    await options.log.ensureTopics(topics.map((name) => ({ name })));
    const deps = { log: options.log, prefix: options.prefix, from: options.from, ledger: createLedgerRepository(pool), recipients, mailer, retry };
    subscription = await options.log.subscribe(
      { groupId: options.groupId ?? notifyGroup(options.prefix), topics, fromBeginning: true, maxBatchSize: MAX_BATCH },
      (batch) => handleNotifyBatch(batch, { ...deps, isStopping: () => batch.isStopping() }, options, status),
    );
    status.state = 'running';
  }

  return {
    name: 'notify' as const,
    start: () =>
      start().catch(async (error: Error) => {
        status.state = 'failed';
        status.lastError = error.message;
        await release?.();
        throw error;
      }),
    async stop() {
      status.state = 'stopping';
      await subscription?.stop();
      subscription = null;
      await release?.();
      release = null;
      status.state = 'stopped';
    },
    pause() {
      subscription?.pause();
      if (status.state === 'running') status.state = 'paused';
    },
    resume() {
      subscription?.resume();
      if (status.state === 'paused') status.state = 'running';
    },
    status: () => ({ ...status }),
  };
}
