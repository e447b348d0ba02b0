/**
 * Runs one capture stage as its own process, for crash tests (SIGKILL at random moments):
 *   (bundled by buildCaptureRunner in capture-process.ts, then `node <bundle>`)
 * with DSM_CAPTURE_DOMAIN_URL, DSM_CAPTURE_LOG_URL and DSM_CAPTURE_SLOT set. Prints "ready" once
 * started; SIGTERM stops it cleanly.
 */
import { z } from 'zod';
import { createPostgresEventLog } from '@dsm/eventlog';
import { createCaptureStage } from '../capture.stage';
import { quietLogger } from './capture-harness';

const env = z
  .object({ DSM_CAPTURE_DOMAIN_URL: z.string(), DSM_CAPTURE_LOG_URL: z.string(), DSM_CAPTURE_SLOT: z.string() })
  .parse(process.env);

const log = createPostgresEventLog({ url: env.DSM_CAPTURE_LOG_URL, defaultPartitions: 3, maintenanceIntervalMs: 0 });
const stage = createCaptureStage({
  domainUrl: env.DSM_CAPTURE_DOMAIN_URL,
  log,
  prefix: 'dsm',
  slotName: env.DSM_CAPTURE_SLOT,
  heartbeatIntervalMs: 500,
  snapshotBatchSize: 50,
  maxBatchEvents: 100,
  reconnect: { initialMs: 100, maxMs: 1_000 },
  logger: quietLogger,
});

async function main(): Promise<void> {
  await stage.start();
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    void stage
      .stop()
      .then(() => log.close())
      .then(() => process.exit(0));
  });
}

void main();
