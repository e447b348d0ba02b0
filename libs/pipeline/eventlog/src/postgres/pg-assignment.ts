export interface GroupMember {
  memberId: string;
  topics: string[];
}

export interface TopicPartition {
  topic: string;
  partition: number;
}

/**
 * Which partitions `memberId` should own, computed the same way by every member from the same
 * live-member list (no coordinator). Partitions are dealt in a fixed order to the least-loaded
 * member subscribed to the topic, so members split a group's partitions evenly across topics.
 * Members may briefly disagree while a join or death propagates; ownership itself is decided
 * by the claim rows, so a disagreement only delays a hand-over, never doubles an owner.
 */
export function assignPartitions(
  members: GroupMember[],
  topics: { name: string; partitions: number }[],
  memberId: string,
): TopicPartition[] {
  const sorted = [...members].sort((a, b) => (a.memberId < b.memberId ? -1 : 1));
  const load = new Map(sorted.map((m) => [m.memberId, 0]));
  const mine: TopicPartition[] = [];
  for (const topic of [...topics].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const eligible = sorted.filter((m) => m.topics.includes(topic.name));
    for (let partition = 0; partition < topic.partitions; partition++) {
      let owner: GroupMember | undefined;
      for (const member of eligible) {
        if (!owner || (load.get(member.memberId) ?? 0) < (load.get(owner.memberId) ?? 0)) owner = member;
      }
      if (!owner) continue;
      load.set(owner.memberId, (load.get(owner.memberId) ?? 0) + 1);
      if (owner.memberId === memberId) mine.push({ topic: topic.name, partition });
    }
  }
  return mine;
}
