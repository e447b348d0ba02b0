import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureDatabase, migrate, startEmbeddedPostgres, withDatabase } from '@dsm/data';
import { freePort } from '@dsm/data/testing';

/** A PostgreSQL of the test's own (never the shared test server), with a captured and a log database. */
export interface RestartableCluster {
  domainUrl: string;
  logUrl: string;
  /** Stops the server (fast shutdown, every connection dropped), waits `downMs`, starts it again. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startRestartableCluster(label: string): Promise<RestartableCluster> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `dsm-${label}-pg-`));
  // The server runs as an unprivileged user that must be able to enter the folder.
  await chmod(dir, 0o755);
  const port = await freePort();
  let cluster = await startEmbeddedPostgres({ dir, port });
  const serverUrl = cluster.url('postgres');
  await ensureDatabase(serverUrl, 'captured');
  await ensureDatabase(serverUrl, 'pipeline');
  const domainUrl = withDatabase(serverUrl, 'captured');
  await migrate(domainUrl);
  return {
    domainUrl,
    logUrl: withDatabase(serverUrl, 'pipeline'),
    async restart(downMs = 500) {
      await cluster.stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      cluster = await startEmbeddedPostgres({ dir, port });
    },
    async stop() {
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
