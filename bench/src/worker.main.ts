import { startWorker } from '@dsm/stages/worker';
import pino from 'pino';
import { z } from 'zod';

// The bench's pipeline worker is the product's (the sink's startWorker: the same adapters,
// settings, stage reporter, maintenance and control channel), as a child process chaos can SIGKILL
// and whose peak RSS the bench reads. It runs the stages the figures are about: capture, etl, view
// and index (notify's mail is not part of them), or the capture alone.
const env = z.object({
  DOMAIN_URL: z.string().min(1),
  PIPELINE_URL: z.string().min(1),
  SLOT_NAME: z.string().regex(/^[a-z0-9_]{1,63}$/),
  WAL_WARN_BYTES: z.coerce.number().int().positive().default(512 * 1024 * 1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  /** `capture` alone measures the capture's own rate against PostgreSQL's decoding. */
  STAGES: z.enum(['all', 'capture']).default('all'),
}).parse(process.env);

const logger = pino({ level: env.LOG_LEVEL }, pino.destination(2));

async function main(): Promise<void> {
  const worker = await startWorker(
    {
      stages: env.STAGES === 'capture' ? ['capture'] : ['capture', 'etl', 'view', 'index'],
      SLOT_NAME: env.SLOT_NAME, WAL_WARN_BYTES: env.WAL_WARN_BYTES, MAIL_FROM: 'bench@dsm.local', MAILBOX_SMTP_PORT: 0, MAILBOX_HTTP_PORT: 0,
    },
    { env: { DATABASE_URL: env.DOMAIN_URL, PIPELINE_DATABASE_URL: env.PIPELINE_URL, SLOT_NAME: env.SLOT_NAME, LOG_LEVEL: env.LOG_LEVEL }, logger },
  );
  let stopping: Promise<void> | undefined;
  const shutdown = () => void (stopping ??= worker.stop().finally(() => process.exit(0)));
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  // The parent waits for this line before it writes or injects a fault.
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  logger.fatal({ err: error instanceof Error ? error.message : String(error) }, 'bench worker failed to start');
  process.exit(1);
});
