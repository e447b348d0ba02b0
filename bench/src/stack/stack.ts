import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { databaseName, ensureDatabase, migrate, prepareDatabases, seed, startEmbeddedPostgres, withDatabase, type EmbeddedCluster } from '@dsm/data';
import { freePort } from '@dsm/data/testing';

/** The databases a bench or chaos run works on: captured domain, reference (no pipeline), log + index. */
export interface BenchStack {
  domainUrl: string;
  /** Same schema, never captured: PostgreSQL's own rate for the same statements. */
  referenceUrl: string;
  pipelineUrl: string;
  embedded: boolean;
  admin: { email: string; password: string };
  /** Stops and starts the embedded PostgreSQL (chaos); throws for a given DATABASE_URL. */
  restartPostgres(): Promise<void>;
  /**
   * Crashes the embedded PostgreSQL (immediate shutdown) and starts it again; resolves with
   * whether the start replayed the WAL (crash recovery). Throws for a given DATABASE_URL.
   */
  crashPostgres(): Promise<{ crashRecovery: boolean }>;
  stop(): Promise<void>;
}

export const ADMIN = { email: 'bench-admin@dsm.local', password: 'bench-admin-password-1' };
const CUSTOMERS = 200;

/** Starts a fresh embedded PostgreSQL in a temporary folder, or uses DATABASE_URL's server. */
export async function startStack(given = process.env['DATABASE_URL']): Promise<BenchStack> {
  let cluster: EmbeddedCluster | undefined;
  let serverUrl: string;
  const dir = given ? '' : await mkdtemp(path.join(os.tmpdir(), 'dsm-bench-pg-'));
  const port = await freePort();
  if (given) serverUrl = withDatabase(given, 'postgres');
  else {
    // The cluster runs as an unprivileged user that must be able to enter the folder.
    await chmod(dir, 0o755);
    cluster = await startEmbeddedPostgres({ dir, port });
    serverUrl = cluster.url('postgres');
  }
  const suffix = `${Date.now().toString(36)}`;
  const domainUrl = withDatabase(serverUrl, `bench_${suffix}`);
  const referenceUrl = withDatabase(serverUrl, `bench_ref_${suffix}`);
  for (const url of [domainUrl, referenceUrl]) {
    await ensureDatabase(serverUrl, databaseName(url));
    await migrate(url);
    await seed(url, { adminEmail: ADMIN.email, adminPassword: ADMIN.password, sampleData: true });
    await addCustomers(url);
  }
  const { pipelineUrl } = await prepareDatabases(domainUrl);
  return {
    domainUrl, referenceUrl, pipelineUrl, embedded: !given, admin: ADMIN,
    async restartPostgres() {
      if (!cluster) throw new Error('PostgreSQL restart needs the embedded cluster (unset DATABASE_URL)');
      await cluster.stop();
      cluster = await startEmbeddedPostgres({ dir, port });
    },
    async crashPostgres() {
      if (!cluster) throw new Error('A PostgreSQL crash needs the embedded cluster (unset DATABASE_URL)');
      await cluster.crash();
      cluster = await startEmbeddedPostgres({ dir, port });
      return { crashRecovery: cluster.recoveredFromCrash };
    },
    async stop() {
      await cluster?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** One connection to `url` for `work`, closed after it. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** More customers than the sample data, so a rename touches a realistic share of documents. */
async function addCustomers(url: string): Promise<void> {
  await withClient(url, (client) => client.query(
    `insert into customers (organization_id, first_name, last_name, email)
     select (select min(id) from organizations) + (g % 3), 'Bench', 'Customer ' || g, 'bench' || g || '@example.com'
     from generate_series(1, $1) g`,
    [CUSTOMERS],
  ));
}
