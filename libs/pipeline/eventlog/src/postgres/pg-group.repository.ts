import { prepared } from '@dsm/pg-resilience';
import type pg from 'pg';
import { partitionKey, type PartitionCommit } from '../held-records';
import type { GroupMember, TopicPartition } from './pg-assignment';
import { GROUPS_CHANNEL } from './pg-schema';

/**
 * Group membership and partition ownership in PostgreSQL. A member holds a lease (heartbeats push
 * `expires_at`); a partition belongs to the member named in its claim row. A claim moves only when
 * its owner released it or its lease ran out, and a commit locks the claim row and checks the
 * owner, so a member that lost a partition can never commit it.
 */
export function createGroupRepository(pool: pg.Pool) {
  const unnestAt = (n: number) => `unnest($${n}::text[], $${n + 1}::int[]) p(topic, partition)`;
  const unnestPartitions = unnestAt(3);
  const partitionArgs = (tps: TopicPartition[]) => [tps.map((tp) => tp.topic), tps.map((tp) => tp.partition)];

  return {
    /**
     * Extends the member's lease and names the session lock its process holds; true when the
     * member was not (or no longer) registered.
     */
    async heartbeat(groupId: string, memberId: string, topics: string[], sessionMs: number, sessionKey: string): Promise<boolean> {
      const { rows } = await pool.query<{ joined: boolean }>(
        `insert into eventlog.group_members (group_id, member_id, topics, expires_at, session_key)
         values ($1, $2, $3, now() + make_interval(secs => $4::float8 / 1000), $5)
         on conflict (group_id, member_id) do update
           set expires_at = excluded.expires_at, topics = excluded.topics, session_key = excluded.session_key
         returning (xmax = 0) as joined`,
        [groupId, memberId, topics, sessionMs, sessionKey],
      );
      return rows[0].joined;
    },

    async liveMembers(groupId: string): Promise<GroupMember[]> {
      const { rows } = await pool.query<{ member_id: string; topics: string[] }>(
        `select member_id, topics from eventlog.group_members
         where group_id = $1 and eventlog.member_alive(expires_at, session_key) order by member_id`,
        [groupId],
      );
      return rows.map((row) => ({ memberId: row.member_id, topics: row.topics }));
    },

    async claimed(groupId: string, memberId: string): Promise<TopicPartition[]> {
      const { rows } = await pool.query<TopicPartition>(
        `select topic, partition from eventlog.group_claims where group_id = $1 and member_id = $2`,
        [groupId, memberId],
      );
      return rows;
    },

    /** Takes a partition if it is free, already ours, or its owner is dead (lease ran out or process gone). */
    async claim(groupId: string, memberId: string, tp: TopicPartition): Promise<boolean> {
      const { rowCount } = await pool.query(
        `insert into eventlog.group_claims as c (group_id, topic, partition, member_id) values ($1, $3, $4, $2)
         on conflict (group_id, topic, partition) do update set member_id = excluded.member_id, claimed_at = now()
         where c.member_id = excluded.member_id or not exists (
           select 1 from eventlog.group_members m
           where m.group_id = c.group_id and m.member_id = c.member_id and eventlog.member_alive(m.expires_at, m.session_key))`,
        [groupId, memberId, tp.topic, tp.partition],
      );
      return rowCount === 1;
    },

    async release(groupId: string, memberId: string, tps: TopicPartition[]): Promise<void> {
      if (tps.length === 0) return;
      await pool.query(
        `delete from eventlog.group_claims c using ${unnestPartitions}
         where c.group_id = $1 and c.member_id = $2 and c.topic = p.topic and c.partition = p.partition`,
        [groupId, memberId, ...partitionArgs(tps)],
      );
      await pool.query('select pg_notify($1, $2)', [GROUPS_CHANNEL, groupId]);
    },

    /** Next offset to read per partition (null: the group never committed there). */
    async committedOffsets(groupId: string, tps: TopicPartition[]): Promise<Map<string, string>> {
      const { rows } = await pool.query<{ topic: string; partition: number; next_offset: string }>(
        `select o.topic, o.partition, o.next_offset::text as next_offset
         from eventlog.group_offsets o join ${unnestAt(2)} on o.topic = p.topic and o.partition = p.partition
         where o.group_id = $1`,
        [groupId, ...partitionArgs(tps)],
      );
      return new Map(rows.map((row) => [partitionKey(row.topic, row.partition), row.next_offset]));
    },

    /** The offset a new reader starts at: the log's start ('earliest') or its end ('latest'). */
    async startOffset(tp: TopicPartition, fromBeginning: boolean): Promise<string> {
      const { rows } = await pool.query<{ start: string }>(
        fromBeginning
          ? `select coalesce((select min("offset") from eventlog.records where topic = $1 and partition = $2), 0)::text as start`
          : `select next_offset::text as start from eventlog.partitions where topic = $1 and partition = $2`,
        [tp.topic, tp.partition],
      );
      return rows[0]?.start ?? '0';
    },

    /**
     * Commits the partitions this member still owns; returns the ones it lost (not committed). One
     * statement: the claim rows are share-locked and checked, and the offsets written, together.
     * It does not wait for its WAL to reach the disk (`synchronous_commit` off for this transaction
     * alone): the output the offsets follow is durable already, so a server crash can only lose
     * the newest offsets, and their records are delivered again, as after a consumer crash. Other
     * members see the offsets at once either way. A stage's next fetch no longer waits for a flush.
     */
    async commit(groupId: string, memberId: string, commits: PartitionCommit[]): Promise<PartitionCommit[]> {
      if (commits.length === 0) return [];
      const { rows } = await pool.query<TopicPartition>(prepared(
        `with unflushed as materialized (select set_config('synchronous_commit', 'off', true)),
         owned as materialized (
           select c.topic, c.partition from eventlog.group_claims c join ${unnestPartitions}
             on c.topic = p.topic and c.partition = p.partition
           where c.group_id = $1 and c.member_id = $2 and exists (select from unflushed) for share of c
         )
         insert into eventlog.group_offsets as o (group_id, topic, partition, next_offset)
         select $1, p.topic, p.partition, p.next_offset
         from unnest($3::text[], $4::int[], $5::bigint[]) p(topic, partition, next_offset) join owned using (topic, partition)
         on conflict (group_id, topic, partition) do update set next_offset = excluded.next_offset, updated_at = now()
         returning o.topic, o.partition`,
        [groupId, memberId, ...partitionArgs(commits), commits.map((c) => c.offset)],
      ));
      const committed = new Set(rows.map((tp) => partitionKey(tp.topic, tp.partition)));
      return commits.filter((c) => !committed.has(partitionKey(c.topic, c.partition)));
    },

    /** Tells the other members to rebalance (a member joined). */
    async announce(groupId: string): Promise<void> {
      await pool.query('select pg_notify($1, $2)', [GROUPS_CHANNEL, groupId]);
    },

    async leave(groupId: string, memberId: string): Promise<void> {
      await pool.query(`delete from eventlog.group_claims where group_id = $1 and member_id = $2`, [groupId, memberId]);
      await pool.query(`delete from eventlog.group_members where group_id = $1 and member_id = $2`, [groupId, memberId]);
      await pool.query('select pg_notify($1, $2)', [GROUPS_CHANNEL, groupId]);
    },
  };
}

export type GroupRepository = ReturnType<typeof createGroupRepository>;
