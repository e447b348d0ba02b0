import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../../../..');

/**
 * Runs the built operator CLI's `dsm produce` against the stack under test. This is how a test
 * puts a record on a pipeline topic that no API would ever write. The CLI finds the stack's
 * embedded PostgreSQL under the same DATA_DIR and port, and uses it instead of starting one.
 */
export function dsmProduce(topic: string, record: { key: unknown; value: unknown; headers?: Record<string, string> }): void {
  const headers = Object.entries(record.headers ?? {}).flatMap(([name, value]) => ['--header', `${name}=${value}`]);
  const args = ['dist/apps/sink/cli.mjs', 'produce', topic, '--key', JSON.stringify(record.key), '--value', JSON.stringify(record.value), ...headers];
  execFileSync(process.execPath, args, {
    cwd: root,
    env: { ...process.env, NODE_OPTIONS: '', DATA_DIR: process.env['E2E_DATA_DIR'], EMBEDDED_PG_PORT: process.env['E2E_PG_PORT'], LOG_LEVEL: 'warn' },
    stdio: 'pipe',
  });
}
