import type { ConsumedRecord } from '../eventlog.port';
import { partitionKey, type HeldRecords, type PartitionCommit } from '../held-records';
import { assignPartitions, type TopicPartition } from './pg-assignment';
import type { GroupRepository } from './pg-group.repository';
import type { FetchPosition } from './pg-read';
import type { TopicRegistry } from './pg-topics';

interface OwnedPartition extends TopicPartition {
  /** Next offset to fetch (past held records). */
  position: string;
  /** Next offset the group will read after a restart. */
  committed: string;
}

export interface OwnershipOptions {
  groupId: string;
  memberId: string;
  topics: string[];
  fromBeginning: boolean;
}

/**
 * The partitions one member owns and where it reads them. `sync` brings ownership in line with
 * the live members: it first drops what the database says we lost, releases what now belongs to
 * someone else (only ever between batches), then claims what is ours and free.
 */
export function createOwnership(groups: GroupRepository, topics: TopicRegistry, held: HeldRecords, options: OwnershipOptions) {
  const { groupId, memberId } = options;
  const owned = new Map<string, OwnedPartition>();
  const keyOf = (tp: TopicPartition) => partitionKey(tp.topic, tp.partition);

  function forget(tp: TopicPartition): void {
    owned.delete(keyOf(tp));
    held.drop(tp.topic, tp.partition);
  }

  async function adopt(tp: TopicPartition): Promise<void> {
    const committed = (await groups.committedOffsets(groupId, [tp])).get(keyOf(tp));
    const start = committed ?? (await groups.startOffset(tp, options.fromBeginning));
    owned.set(keyOf(tp), { ...tp, position: start, committed: start });
  }

  /** True when this member owns every partition assigned to it. */
  async function sync(): Promise<boolean> {
    const stillMine = new Set((await groups.claimed(groupId, memberId)).map(keyOf));
    for (const tp of [...owned.values()]) if (!stillMine.has(keyOf(tp))) forget(tp);
    const members = await groups.liveMembers(groupId);
    const infos = await Promise.all(options.topics.map((topic) => topics.get(topic)));
    const desired = assignPartitions(members, infos, memberId);
    const desiredKeys = new Set(desired.map(keyOf));
    const surplus = [...owned.values()].filter((tp) => !desiredKeys.has(keyOf(tp)));
    surplus.forEach(forget);
    await groups.release(groupId, memberId, surplus.map(({ topic, partition }) => ({ topic, partition })));
    let complete = true;
    for (const tp of desired) {
      if (owned.has(keyOf(tp))) continue;
      if (await groups.claim(groupId, memberId, tp)) await adopt(tp);
      else complete = false;
    }
    return complete;
  }

  return {
    sync,
    positions: (): FetchPosition[] => [...owned.values()].map((o) => ({ topic: o.topic, partition: o.partition, offset: o.position })),
    assigned: (): TopicPartition[] => [...owned.values()].map(({ topic, partition }) => ({ topic, partition })),

    /** After a commit: fetch past the batch, remember the commit; drop partitions we lost. */
    advance(batch: ConsumedRecord[], commits: PartitionCommit[], lost: PartitionCommit[]): void {
      lost.forEach(forget);
      const lastDelivered = new Map<string, bigint>();
      for (const record of batch) lastDelivered.set(keyOf(record), BigInt(record.offset));
      for (const commit of commits) {
        const entry = owned.get(keyOf(commit));
        const last = lastDelivered.get(keyOf(commit));
        if (!entry || last === undefined) continue;
        entry.position = (last + 1n).toString();
        entry.committed = commit.offset;
      }
    },

    /** The batch failed: read these partitions again from their commit. */
    rewind(batch: ConsumedRecord[]): void {
      for (const record of batch) {
        const entry = owned.get(keyOf(record));
        held.drop(record.topic, record.partition);
        if (entry) entry.position = entry.committed;
      }
    },
  };
}

export type Ownership = ReturnType<typeof createOwnership>;
