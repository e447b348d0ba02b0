import { spawn } from 'node:child_process';
import { z } from 'zod';

// autocannon runs in a child process of its own: a load generator sharing the server's event
// loop would measure itself.
const SCRIPT = `
const autocannon = require('autocannon');
const options = JSON.parse(process.env.AUTOCANNON_OPTIONS);
autocannon(options, (error, result) => {
  if (error) { console.error(error.message); process.exit(1); }
  process.stdout.write(JSON.stringify(result));
});`;

const ResultSchema = z.object({
  latency: z.object({ p50: z.number(), p99: z.number(), max: z.number() }),
  requests: z.object({ average: z.number(), total: z.number() }),
  non2xx: z.number(),
  errors: z.number(),
});
export type AutocannonResult = z.infer<typeof ResultSchema>;

export interface AutocannonOptions {
  url: string;
  method: 'GET' | 'POST';
  connections: number;
  durationSeconds: number;
  headers: Record<string, string>;
  body?: string;
}

export function runAutocannon(options: AutocannonOptions): Promise<AutocannonResult> {
  const settings = { url: options.url, method: options.method, connections: options.connections, duration: options.durationSeconds, headers: options.headers, body: options.body };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', SCRIPT], { env: { ...process.env, AUTOCANNON_OPTIONS: JSON.stringify(settings) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon failed: ${err.trim()}`));
      resolve(ResultSchema.parse(JSON.parse(out)));
    });
  });
}
