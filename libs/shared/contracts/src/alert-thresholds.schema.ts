import { z } from 'zod';

/** When the pipeline dashboard raises a banner (and what it says the limits are). */
export const AlertThresholdsSchema = z.object({
  /** A consumer group further behind than this, in seconds, raises a warning. */
  lagSeconds: z.number().positive(),
  /** WAL the replication slot keeps on disk above this many bytes raises a warning. */
  slotWalBytes: z.number().int().positive(),
  /** A stage quiet for longer than this while work waits for it is down (an error banner). */
  stageDownSeconds: z.number().positive(),
});
export type AlertThresholds = z.infer<typeof AlertThresholdsSchema>;

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = { lagSeconds: 30, slotWalBytes: 256 * 1024 * 1024, stageDownSeconds: 15 };

/** The server's environment variables for the thresholds; unset means the defaults above. */
export const AlertEnvSchema = z.object({
  ALERT_LAG_SECONDS: z.coerce.number().positive().default(DEFAULT_ALERT_THRESHOLDS.lagSeconds),
  ALERT_SLOT_WAL_BYTES: z.coerce.number().int().positive().default(DEFAULT_ALERT_THRESHOLDS.slotWalBytes),
  ALERT_STAGE_DOWN_SECONDS: z.coerce.number().positive().default(DEFAULT_ALERT_THRESHOLDS.stageDownSeconds),
});
export type AlertEnv = z.infer<typeof AlertEnvSchema>;

export function alertThresholdsOf(env: AlertEnv): AlertThresholds {
  return { lagSeconds: env.ALERT_LAG_SECONDS, slotWalBytes: env.ALERT_SLOT_WAL_BYTES, stageDownSeconds: env.ALERT_STAGE_DOWN_SECONDS };
}
