import { z } from 'zod';
import { DEFAULT_ALERT_THRESHOLDS, PipelineEnvSchema, describeEnvErrors, type AlertThresholds } from '@dsm/contracts';
import { DEFAULT_MONITOR_GROUP_IDLE_MS } from '@dsm/server-monitor';

const HOUR_MS = 60 * 60 * 1000;
const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

/** When the pipeline dashboard raises a banner; unset means the defaults the web shows too. */
export const AlertEnvSchema = z.object({
  ALERT_LAG_SECONDS: z.coerce.number().positive().default(DEFAULT_ALERT_THRESHOLDS.lagSeconds),
  ALERT_SLOT_WAL_BYTES: z.coerce.number().int().positive().default(DEFAULT_ALERT_THRESHOLDS.slotWalBytes),
  ALERT_STAGE_DOWN_SECONDS: z.coerce.number().positive().default(DEFAULT_ALERT_THRESHOLDS.stageDownSeconds),
});

export function alertThresholdsOf(env: z.infer<typeof AlertEnvSchema>): AlertThresholds {
  return { lagSeconds: env.ALERT_LAG_SECONDS, slotWalBytes: env.ALERT_SLOT_WAL_BYTES, stageDownSeconds: env.ALERT_STAGE_DOWN_SECONDS };
}

export const MonitorGroupEnvSchema = z.object({
  /** Hours a stopped server's monitor group may sit without a commit before a starting server deletes it. */
  MONITOR_GROUP_IDLE_HOURS: z.coerce.number().positive().default(DEFAULT_MONITOR_GROUP_IDLE_MS / HOUR_MS),
});

/** The idle time in milliseconds, as the monitor takes it. */
export function monitorGroupIdleMsOf(env: z.infer<typeof MonitorGroupEnvSchema>): number {
  return env.MONITOR_GROUP_IDLE_HOURS * HOUR_MS;
}

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
