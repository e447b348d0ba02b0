import { errorMessage, type EventLog, type GroupInfo } from '@dsm/eventlog';
import type { Logger } from 'pino';

/** Every server instance consumes stage events in a group of its own under this prefix. */
export const monitorGroupPrefix = (prefix: string): string => `${prefix}.monitor.`;

/** After this long without a commit, a stopped server's monitor group is deleted when a server starts. */
export const DEFAULT_MONITOR_GROUP_IDLE_MS = 24 * 60 * 60 * 1000;

export interface StaleGroupSweep {
  eventLog: EventLog;
  prefix: string;
  /** This instance's group: never swept, even when it is left over from a crash of the same id. */
  ownGroupId: string;
  /** A group with no live member and no commit for this long is deleted. */
  idleMs: number;
  logger: Logger;
}

/**
 * A monitor group with no live member belongs to a server that stopped without cleaning up (a
 * crash, a kill). A never-committed group, or one on Kafka (no commit times), counts as idle:
 * the monitor reads from the log's end, so the offsets of a stopped instance are worth nothing.
 */
export function isStaleMonitorGroup(group: GroupInfo, idleMs: number, now: number): boolean {
  return group.members === 0 && (group.lastCommitAt === null || now - group.lastCommitAt > idleMs);
}

/** Deletes stopped servers' idle monitor groups and logs which. One failure does not stop the rest. */
export async function deleteStaleMonitorGroups(sweep: StaleGroupSweep): Promise<void> {
  const now = Date.now();
  const groups = await sweep.eventLog.listGroups(monitorGroupPrefix(sweep.prefix));
  const stale = groups.filter((group) => group.groupId !== sweep.ownGroupId && isStaleMonitorGroup(group, sweep.idleMs, now));
  const deleted: string[] = [];
  for (const { groupId } of stale) {
    try {
      await sweep.eventLog.deleteGroup(groupId);
      deleted.push(groupId);
    } catch (error) {
      // Another server may have swept it first, or its owner came back: both are fine.
      sweep.logger.warn({ groupId, err: errorMessage(error) }, 'monitor: could not delete an idle group');
    }
  }
  if (deleted.length > 0) sweep.logger.info({ groups: deleted }, 'monitor: deleted idle monitor groups of stopped servers');
}
