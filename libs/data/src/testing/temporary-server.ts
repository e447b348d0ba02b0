import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../embedded-postgres';
import { freePort } from './free-port';

/** An embedded PostgreSQL of a test's own, in a temporary folder, on a free port. */
export interface TemporaryServer {
  /** Server URL (database `postgres`); it stays the same across restarts. */
  serverUrl: string;
  /** Stops the server (fast shutdown, every connection dropped), waits `downMs`, starts it again. */
  restart(downMs?: number): Promise<void>;
  /** Stops the server and deletes its folder. */
  stop(): Promise<void>;
}

export async function startTemporaryServer(label: string): Promise<TemporaryServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `dsm-${label}-pg-`));
  // The server runs as an unprivileged user that must be able to enter the folder.
  await chmod(dir, 0o755);
  const port = await freePort();
  let cluster = await startEmbeddedPostgres({ dir, port });
  return {
    serverUrl: cluster.url('postgres'),
    async restart(downMs = 500) {
      await cluster.stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      // Same folder and port: the data and every URL handed out stay valid.
      cluster = await startEmbeddedPostgres({ dir, port });
    },
    async stop() {
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
