import { startTestCluster } from './test-cluster';

/** Vitest global setup: one real PostgreSQL per test run, shared by the workers through env. */
export default async function setup(): Promise<() => Promise<void>> {
  const cluster = await startTestCluster();
  process.env['DSM_TEST_SERVER_URL'] = cluster.serverUrl;
  return () => cluster.stop();
}
