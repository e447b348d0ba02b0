import { createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import { createPostgresEventLog, type EventLogLogger, type PostgresEventLog } from '@dsm/eventlog';
import { startMailbox, type Mailbox } from '@dsm/mailbox';
import { createNotificationLog, type NotificationLog } from '../notification-log';
import { createNotifyStage, type NotifyLogger, type NotifyStage, type NotifyStageOptions } from '../notify.stage';

export const silentLogger: NotifyLogger & EventLogLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
export const FROM = '"Delivery System" <no-reply@dsm.test>';

/** Real parts for a notify test: domain and pipeline databases, the embedded log, the SMTP catcher. */
export interface NotifyWorld {
  domain: TestDatabase;
  pipeline: TestDatabase;
  mailbox: Mailbox;
  log: PostgresEventLog;
  notifications: NotificationLog;
  stage(prefix: string, overrides?: Partial<NotifyStageOptions>): NotifyStage;
  close(): Promise<void>;
}

export async function startNotifyWorld(): Promise<NotifyWorld> {
  const domain = await createTestDatabase('notify');
  const pipeline = await createTestDatabase('notify_pipeline');
  const mailbox = await startMailbox({ smtpPort: 0, httpPort: 0, storage: { databaseUrl: pipeline.url } });
  const log = createPostgresEventLog({ url: pipeline.url, defaultPartitions: 2, maintenanceIntervalMs: 0, sessionTimeoutMs: 5_000, logger: silentLogger });
  const notifications = await createNotificationLog(pipeline.url);
  const stages: NotifyStage[] = [];
  return {
    domain, pipeline, mailbox, log, notifications,
    stage(prefix, overrides = {}) {
      const stage = createNotifyStage({
        log, prefix, domainUrl: domain.url, pipelineUrl: pipeline.url, smtpUrl: mailbox.smtpUrl, from: FROM,
        logger: silentLogger, retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 }, ...overrides,
      });
      stages.push(stage);
      return stage;
    },
    async close() {
      for (const stage of stages) await stage.stop().catch(() => undefined);
      await log.close();
      await notifications.close();
      await mailbox.close();
      await domain.drop();
      await pipeline.drop();
    },
  };
}
