import { z } from 'zod';

/** After this long without a commit, a stopped server's monitor group is deleted when a server starts. */
export const DEFAULT_MONITOR_GROUP_IDLE_HOURS = 24;

/** The server's monitor group housekeeping, from the environment. */
export const MonitorGroupEnvSchema = z.object({
  MONITOR_GROUP_IDLE_HOURS: z.coerce.number().positive().default(DEFAULT_MONITOR_GROUP_IDLE_HOURS),
});
export type MonitorGroupEnv = z.infer<typeof MonitorGroupEnvSchema>;

/** The idle time in milliseconds, as the monitor takes it. */
export function monitorGroupIdleMsOf(env: MonitorGroupEnv): number {
  return env.MONITOR_GROUP_IDLE_HOURS * 60 * 60 * 1000;
}
