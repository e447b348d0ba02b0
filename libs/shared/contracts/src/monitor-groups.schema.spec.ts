import { describe, expect, it } from 'vitest';
import { MonitorGroupEnvSchema, monitorGroupIdleMsOf } from './monitor-groups.schema';

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
