import type { EventLog } from '@dsm/eventlog';

/** One line of `dsm groups`: who is in a group, how far behind it is, when it last committed. */
export interface GroupSummary {
  groupId: string;
  members: number;
  /** Records waiting over all the group's partitions. */
  lag: number;
  /** Age of the oldest waiting record, in seconds. */
  lagSeconds: number;
  /** ISO time of the last commit; null when it never committed or the log cannot tell (Kafka). */
  lastCommit: string | null;
}

/** Every consumer group (or those whose id starts with `prefix`) with its lag. */
export async function summarizeGroups(log: EventLog, prefix?: string): Promise<GroupSummary[]> {
  const groups = await log.listGroups(prefix);
  return Promise.all(groups.map(async (group) => {
    const partitions = await log.describeLag(group.groupId);
    return {
      groupId: group.groupId,
      members: group.members,
      lag: partitions.reduce((sum, partition) => sum + partition.lag, 0),
      lagSeconds: partitions.reduce((max, partition) => Math.max(max, partition.lagMs), 0) / 1000,
      lastCommit: group.lastCommitAt === null ? null : new Date(group.lastCommitAt).toISOString(),
    };
  }));
}

