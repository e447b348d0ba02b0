/**
 * A notify stage in a process of its own, for crash tests: it freezes at a chosen point (after the
 * SMTP server accepted a mail, before sending, or after the ledger update but before the offset
 * commit), prints PAUSED and waits there until the test kills it with SIGKILL.
 */
import { createPostgresEventLog } from '@dsm/eventlog';
import { writeSync } from 'node:fs';
import { z } from 'zod';
import { createSmtpMailer, type Mailer } from '../mailer.adapter';
import { createNotifyStage } from '../notify.stage';

const ConfigSchema = z.object({
  domainUrl: z.string(),
  pipelineUrl: z.string(),
  smtpUrl: z.string(),
  prefix: z.string(),
  from: z.string(),
  freeze: z.enum(['after-send', 'before-send', 'before-commit']),
});
const config = ConfigSchema.parse(JSON.parse(process.env['NOTIFY_CHILD_CONFIG'] ?? '{}'));

/** Blocks the whole process (no heartbeat, no commit, nothing) until it is killed. */
function freeze(): never {
  writeSync(1, 'PAUSED\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  throw new Error('unreachable');
}

const smtp = createSmtpMailer(config.smtpUrl, config.from);
const mailer: Mailer = {
  async send(email) {
    if (config.freeze === 'before-send') freeze();
    await smtp.send(email);
    if (config.freeze === 'after-send') freeze();
  },
  close: () => smtp.close(),
};

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const log = createPostgresEventLog({ url: config.pipelineUrl, defaultPartitions: 2, maintenanceIntervalMs: 0, sessionTimeoutMs: 2_000, logger: quiet });
const stage = createNotifyStage({
  log,
  prefix: config.prefix,
  domainUrl: config.domainUrl,
  pipelineUrl: config.pipelineUrl,
  smtpUrl: config.smtpUrl,
  from: config.from,
  logger: quiet,
  mailer,
  reporter: { report: () => (config.freeze === 'before-commit' ? freeze() : undefined) },
});
// No top-level await: tsx runs this file as CommonJS.
stage.start().catch((error: Error) => {
  writeSync(2, `notify child failed to start: ${error.message}\n`);
  process.exit(1);
});
