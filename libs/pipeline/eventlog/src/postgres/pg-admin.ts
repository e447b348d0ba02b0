import type pg from 'pg';
import type { GroupInfo, PartitionLag, ResetTarget } from '../eventlog.port';
import { inTransaction } from './pg-schema';
import type { TopicRegistry } from './pg-topics';

/** Moves a stopped group's committed offsets to the log start, end, or the first record at/after a time. */
export async function resetGroupOffsets(pool: pg.Pool, topics: TopicRegistry, groupId: string, names: string[], to: ResetTarget): Promise<void> {
  for (const name of names) await topics.get(name);
  await inTransaction(pool, async (client) => {
    const live = await client.query(`select 1 from eventlog.group_members where group_id = $1 and eventlog.member_alive(expires_at, session_key)`, [groupId]);
    if (live.rowCount) throw new Error(`Group "${groupId}" has running members: stop them before resetting offsets`);
    const target =
      to === 'latest'
        ? 'p.next_offset'
        : `coalesce((select min(r."offset") from eventlog.records r where r.topic = p.topic and r.partition = p.partition
             ${to === 'earliest' ? '' : 'and r.ts >= $3'}), p.next_offset)`;
    await client.query(
      `insert into eventlog.group_offsets (group_id, topic, partition, next_offset)
       select $1, p.topic, p.partition, ${target} from eventlog.partitions p where p.topic = any($2)
       on conflict (group_id, topic, partition) do update set next_offset = excluded.next_offset, updated_at = now()`,
      typeof to === 'object' ? [groupId, names, to.timestamp] : [groupId, names],
    );
  });
}

interface LagRow {
  topic: string;
  partition: number;
  end_offset: string;
  committed: string | null;
  start_offset: string | null;
  oldest_ts: string | null;
}

/** Lag per partition: offsets between the commit (or log start) and the end, and the oldest such record's age. */
export async function describeGroupLag(pool: pg.Pool, groupId: string, names?: string[], now = Date.now()): Promise<PartitionLag[]> {
  const { rows } = await pool.query<LagRow>(
    `with wanted as (
       select unnest($2::text[]) as topic where $2::text[] is not null
       union select topic from eventlog.group_offsets where group_id = $1 and $2::text[] is null
       union select unnest(topics) from eventlog.group_members where group_id = $1 and $2::text[] is null)
     select p.topic, p.partition, p.next_offset::text as end_offset, o.next_offset::text as committed, s.start_offset, s.oldest_ts
     from eventlog.partitions p
     join wanted w on w.topic = p.topic
     left join eventlog.group_offsets o on o.group_id = $1 and o.topic = p.topic and o.partition = p.partition
     cross join lateral (
       select (select min("offset") from eventlog.records r where r.topic = p.topic and r.partition = p.partition)::text as start_offset,
              (select r.ts from eventlog.records r where r.topic = p.topic and r.partition = p.partition
                 and r."offset" >= coalesce(o.next_offset, 0) order by r."offset" limit 1)::text as oldest_ts) s
     order by p.topic, p.partition`,
    [groupId, names ?? null],
  );
  return rows.map((row) => {
    const end = BigInt(row.end_offset);
    const from = BigInt(row.committed ?? row.start_offset ?? row.end_offset);
    const lag = Number(end > from ? end - from : 0n);
    return {
      topic: row.topic,
      partition: row.partition,
      committedOffset: row.committed,
      endOffset: row.end_offset,
      lag,
      lagMs: lag > 0 && row.oldest_ts !== null ? Math.max(0, now - Number(row.oldest_ts)) : 0,
    };
  });
}

/** Groups with committed offsets or member rows (a crashed member's row stays until its group is deleted). */
export async function listGroupInfos(pool: pg.Pool, prefix?: string): Promise<GroupInfo[]> {
  const { rows } = await pool.query<{ group_id: string; members: number; last_commit_ms: number | null }>(
    `with ids as (select group_id from eventlog.group_offsets union select group_id from eventlog.group_members)
     select i.group_id,
       (select count(*)::int from eventlog.group_members m where m.group_id = i.group_id and eventlog.member_alive(m.expires_at, m.session_key)) as members,
       (select (extract(epoch from max(o.updated_at)) * 1000)::float8 from eventlog.group_offsets o where o.group_id = i.group_id) as last_commit_ms
     from ids i where $1::text is null or starts_with(i.group_id, $1)
     order by i.group_id`,
    [prefix ?? null],
  );
  return rows.map((row) => ({
    groupId: row.group_id,
    members: row.members,
    lastCommitAt: row.last_commit_ms === null ? null : Math.round(row.last_commit_ms),
  }));
}

/**
 * Deletes a group that has no live member. A member joining meanwhile keeps its own rows and just
 * starts without offsets, as if it had joined after the delete; only dead members' claims go.
 */
export async function deleteGroupRows(pool: pg.Pool, groupId: string): Promise<void> {
  await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ live: number; known: boolean }>(
      `select (select count(*)::int from eventlog.group_members where group_id = $1 and eventlog.member_alive(expires_at, session_key)) as live,
              exists (select 1 from eventlog.group_offsets where group_id = $1)
                or exists (select 1 from eventlog.group_members where group_id = $1) as known`,
      [groupId],
    );
    if (!rows[0].known) throw new Error(`No group "${groupId}"`);
    if (rows[0].live > 0) throw new Error(`Group "${groupId}" has ${rows[0].live} live member(s): stop them before deleting it`);
    await client.query(`delete from eventlog.group_offsets where group_id = $1`, [groupId]);
    await client.query(
      `delete from eventlog.group_claims c where c.group_id = $1 and not exists (
         select 1 from eventlog.group_members m where m.group_id = c.group_id and m.member_id = c.member_id and eventlog.member_alive(m.expires_at, m.session_key))`,
      [groupId],
    );
    await client.query(`delete from eventlog.group_members where group_id = $1 and not eventlog.member_alive(expires_at, session_key)`, [groupId]);
  });
}
