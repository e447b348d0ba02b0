import pino from 'pino';
import { startWorker } from '@dsm/stages/worker';
import { loadWorkerConfig } from './config';

// Composition root of the pipeline worker: config → startWorker (adapters, the selected stages,
// control channel) → signals. Stopping runs in reverse order so every stage commits what it has
// made durable.
const config = loadWorkerConfig();
const logger = pino({ level: config.LOG_LEVEL, base: { process: 'sink' } });

async function main(): Promise<void> {
  const worker = await startWorker(config, { env: process.env, logger });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'pipeline worker stopping');
    await worker.stop();
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
