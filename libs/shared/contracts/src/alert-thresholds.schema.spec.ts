import { describe, expect, it } from 'vitest';
import { AlertEnvSchema, DEFAULT_ALERT_THRESHOLDS, alertThresholdsOf } from './alert-thresholds.schema';

describe('alert thresholds from the environment', () => {
  it('falls back to the defaults and reads configured values', () => {
    expect(alertThresholdsOf(AlertEnvSchema.parse({}))).toEqual(DEFAULT_ALERT_THRESHOLDS);
    expect(alertThresholdsOf(AlertEnvSchema.parse({ ALERT_LAG_SECONDS: '5', ALERT_SLOT_WAL_BYTES: '1048576', ALERT_STAGE_DOWN_SECONDS: '90' }))).toEqual({
      lagSeconds: 5, slotWalBytes: 1_048_576, stageDownSeconds: 90,
    });
  });

  it('refuses zero, negative and non-numeric limits with the variable named', () => {
    const parsed = AlertEnvSchema.safeParse({ ALERT_LAG_SECONDS: '0', ALERT_SLOT_WAL_BYTES: '1.5', ALERT_STAGE_DOWN_SECONDS: 'soon' });

    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path[0]).sort()).toEqual(['ALERT_LAG_SECONDS', 'ALERT_SLOT_WAL_BYTES', 'ALERT_STAGE_DOWN_SECONDS']);
  });
});
