import { z } from 'zod';
import { AlertEnvSchema, MonitorGroupEnvSchema, PipelineEnvSchema, describeEnvErrors } from '@dsm/contracts';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

/** The server's environment: the pipeline's plus what only the server reads. No secret has a default. */
export const ServerEnvSchema = z.intersection(
  PipelineEnvSchema,
  z.object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    ADMIN_EMAIL: z.email().default('admin@dsm.local'),
    ADMIN_PASSWORD: z.preprocess(emptyAsUndefined, z.string().min(10, 'Use at least 10 characters').optional()),
    SESSION_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, 'Use at least 32 random characters').optional()),
    TRUST_PROXY: z.preprocess(emptyAsUndefined, z.string().regex(/^(true|false|\d+|[\w.:/, ]+)$/).optional()),
    WEB_DIR: z.preprocess(emptyAsUndefined, z.string().optional()),
    WORKER: z.enum(['on', 'off']).default('on'),
    /** Set: GET /metrics needs `Authorization: Bearer <token>` (for a Prometheus scraper). */
    METRICS_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, 'Use at least 16 random characters').optional()),
    ...AlertEnvSchema.shape,
    /** Hours a stopped server's monitor group may sit without a commit before a starting server deletes it. */
    ...MonitorGroupEnvSchema.shape,
    /** Origins allowed to open the live pipeline socket (comma-separated); unset: any origin with a valid session. */
    ALLOWED_ORIGINS: z.preprocess(
      emptyAsUndefined,
      z.string().transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean)).pipe(z.array(z.url())).optional(),
    ),
  }),
);
export type ServerEnv = z.infer<typeof ServerEnvSchema>;

/** Parses process.env or exits with one line per variable that needs fixing. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerEnv {
  const parsed = ServerEnvSchema.safeParse(env);
  if (!parsed.success) {
    console.error(`Invalid configuration:\n${describeEnvErrors(parsed.error)}`);
    process.exit(1);
  }
  return parsed.data;
}

/** Express's `trust proxy`: "true", a hop count, or addresses/subnets. */
export function trustProxySetting(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}
