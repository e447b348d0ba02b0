import type { GroupInfo } from '../eventlog.port';

/** The slice of the Kafka admin client group housekeeping needs (kept structural: kafkajs stays in the adapter). */
export interface GroupAdmin {
  listGroups(): Promise<{ groups: { groupId: string; protocolType: string }[] }>;
  describeGroups(groupIds: string[]): Promise<{ groups: { groupId: string; members: unknown[]; state: string }[] }>;
  deleteGroups(groupIds: string[]): Promise<unknown>;
}

// A group that only ever had offsets set by an admin has no protocol type; Connect workers' groups
// ("connect") and others are not consumer groups of this log.
const isConsumerGroup = (protocolType: string): boolean => protocolType === 'consumer' || protocolType === '';

/** Consumer groups by id; brokers keep no commit time, so `lastCommitAt` is null. */
export async function listKafkaGroups(admin: GroupAdmin, prefix?: string): Promise<GroupInfo[]> {
  const ids = (await admin.listGroups()).groups
    .filter((group) => isConsumerGroup(group.protocolType) && (prefix === undefined || group.groupId.startsWith(prefix)))
    .map((group) => group.groupId);
  if (ids.length === 0) return [];
  const { groups } = await admin.describeGroups(ids);
  return groups
    .filter((group) => group.state !== 'Dead')
    .map((group) => ({ groupId: group.groupId, members: group.members.length, lastCommitAt: null }))
    .sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
}

/** Checks first so the refusal reads like the embedded log's; the broker refuses a non-empty group too (GROUP_NOT_EMPTY). */
export async function deleteKafkaGroup(admin: GroupAdmin, groupId: string): Promise<void> {
  const [group] = (await admin.describeGroups([groupId])).groups;
  if (!group || group.state === 'Dead') throw new Error(`No group "${groupId}"`);
  if (group.members.length > 0) throw new Error(`Group "${groupId}" has ${group.members.length} live member(s): stop them before deleting it`);
  await admin.deleteGroups([groupId]);
}
