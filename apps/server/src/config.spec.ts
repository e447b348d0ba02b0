import { DEFAULT_ALERT_THRESHOLDS } from '@dsm/contracts';
import { describe, expect, it } from 'vitest';
import { AlertEnvSchema, MonitorGroupEnvSchema, alertThresholdsOf, monitorGroupIdleMsOf } from './config';

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

describe('monitor group idle time from the environment', () => {
  it('defaults to 24 hours and reads fractional hours', () => {
    expect(monitorGroupIdleMsOf(MonitorGroupEnvSchema.parse({}))).toBe(24 * 3_600_000);
    expect(monitorGroupIdleMsOf(MonitorGroupEnvSchema.parse({ MONITOR_GROUP_IDLE_HOURS: '0.5' }))).toBe(1_800_000);
  });

  it('refuses zero and non-numeric values with the variable named', () => {
    for (const value of ['0', '-1', 'a day']) {
      const parsed = MonitorGroupEnvSchema.safeParse({ MONITOR_GROUP_IDLE_HOURS: value });
      expect(parsed.error?.issues[0].path).toEqual(['MONITOR_GROUP_IDLE_HOURS']);
    }
  });
});
