import { ensureDatabase, withDatabase } from '../database';
import { migrate } from '../migrate';
import { startTemporaryServer } from './temporary-server';

/** A PostgreSQL of the test's own (never the shared test server), with a captured and a log database. */
export interface RestartableCluster {
  domainUrl: string;
  logUrl: string;
  /** Stops the server (fast shutdown, every connection dropped), waits `downMs`, starts it again. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** For tests that restart PostgreSQL under the pipeline: the shared test server must stay up for every other file. */
export async function startRestartableCluster(label: string): Promise<RestartableCluster> {
  const server = await startTemporaryServer(label);
  await ensureDatabase(server.serverUrl, 'captured');
  await ensureDatabase(server.serverUrl, 'pipeline');
  const domainUrl = withDatabase(server.serverUrl, 'captured');
  await migrate(domainUrl);
  return { domainUrl, logUrl: withDatabase(server.serverUrl, 'pipeline'), restart: server.restart, stop: server.stop };
}
