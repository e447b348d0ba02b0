import { createCaptureStage } from '@dsm/capture';
import { createPostgresEventLog, type PipelineStage } from '@dsm/eventlog';
import { createPostgresSearchIndex } from '@dsm/search';
import { createEtlStage, createIndexStage, createViewRepository, createViewStage } from '@dsm/stages';
import pino from 'pino';
import { z } from 'zod';

// The bench's pipeline worker: the real capture, etl, view and index stages in one process, as
// the sink runs them, so chaos can SIGKILL it and the bench can read its peak RSS.
const env = z.object({
  DOMAIN_URL: z.string().min(1),
  PIPELINE_URL: z.string().min(1),
  SLOT_NAME: z.string().regex(/^[a-z0-9_]{1,63}$/),
  WAL_WARN_BYTES: z.coerce.number().int().positive().default(512 * 1024 * 1024),
  LOG_LEVEL: z.string().default('warn'),
  /** `capture` alone measures the capture's own rate against PostgreSQL's decoding. */
  STAGES: z.enum(['all', 'capture']).default('all'),
}).parse(process.env);

const logger = pino({ level: env.LOG_LEVEL }, pino.destination(2));
const prefix = 'dsm';
const log = createPostgresEventLog({ url: env.PIPELINE_URL, defaultPartitions: 3, pollIntervalMs: 50, logger });
const search = createPostgresSearchIndex({ url: env.PIPELINE_URL, logger });
const repository = createViewRepository(env.DOMAIN_URL);
const stages: PipelineStage[] = [
  createCaptureStage({ domainUrl: env.DOMAIN_URL, log, prefix, slotName: env.SLOT_NAME, heartbeatIntervalMs: 1000, walCheckIntervalMs: 1000, walWarnBytes: env.WAL_WARN_BYTES, logger }),
  createEtlStage({ log, prefix }),
  createViewStage({ log, prefix, repository }),
  createIndexStage({ log, search, prefix }),
].slice(0, env.STAGES === 'capture' ? 1 : undefined);

async function main(): Promise<void> {
  for (const stage of stages) await stage.start();
  // The parent waits for this line before it writes or injects a fault.
  process.stdout.write('ready\n');
}

async function shutdown(): Promise<void> {
  for (const stage of [...stages].reverse()) await stage.stop().catch(() => undefined);
  await Promise.allSettled([repository.close(), search.close(), log.close()]);
  process.exit(0);
}

process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
main().catch((error: unknown) => {
  logger.fatal({ err: error instanceof Error ? error.message : String(error) }, 'bench worker failed to start');
  process.exit(1);
});
