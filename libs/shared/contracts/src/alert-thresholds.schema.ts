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
