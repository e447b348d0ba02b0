import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../../..');

/**
 * The running stack's database, spelled out: with DATA_DIR alone the CLI would start the
 * embedded server itself whenever its 1-second probe of the busy one times out.
 */
function stackDatabaseUrl(): string {
  const dataDir = process.env['E2E_DATA_DIR'] ?? '';
  const { password } = JSON.parse(readFileSync(path.join(dataDir, 'pg-credentials.json'), 'utf8')) as { password: string };
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${process.env['E2E_PG_PORT']}/dsm`;
}

/**
 * Runs the built operator CLI's `dsm produce` against the stack under test. This is how a test
 * puts a record on a pipeline topic that no API would ever write.
 */
export function dsmProduce(topic: string, record: { key: unknown; value: unknown; headers?: Record<string, string> }): void {
  const headers = Object.entries(record.headers ?? {}).flatMap(([name, value]) => ['--header', `${name}=${value}`]);
  const args = ['dist/apps/sink/cli.mjs', 'produce', topic, '--key', JSON.stringify(record.key), '--value', JSON.stringify(record.value), ...headers];
  execFileSync(process.execPath, args, {
    cwd: root,
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: stackDatabaseUrl(), LOG_LEVEL: 'warn' },
    stdio: 'pipe',
  });
}
