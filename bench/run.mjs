#!/usr/bin/env node
// `npm run bench` / `npm run chaos`: bundles the harness and the worker (workspace aliases
// resolved, packages left to node_modules) so the worker is a plain `node` child a SIGKILL hits.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const outdir = path.join(root, 'dist', 'bench');
const [command, ...args] = process.argv.slice(2);
if (command !== 'bench' && command !== 'chaos') {
  console.error('usage: node bench/run.mjs bench|chaos [flags]');
  process.exit(2);
}
await build({
  entryPoints: ['bench.main', 'chaos.main', 'worker.main'].map((name) => path.join(import.meta.dirname, 'src', `${name}.ts`)),
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  tsconfig: path.join(import.meta.dirname, 'tsconfig.json'),
  logLevel: 'error',
});
const run = spawnSync(process.execPath, [path.join(outdir, `${command}.main.mjs`), ...args], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
