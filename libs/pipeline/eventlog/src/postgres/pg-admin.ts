import type pg from 'pg';
import type { PartitionLag, ResetTarget } from '../eventlog.port';
import { inTransaction } from './pg-schema';
import type { TopicRegistry } from './pg-topics';

/** Moves a stopped group's committed offsets to the log start, end, or the first record at/after a time. */
export async function resetGroupOffsets(pool: pg.Pool, topics: TopicRegistry, groupId: string, names: string[], to: ResetTarget): Promise<void> {
  for (const name of names) await topics.get(name);
  await inTransaction(pool, async (client) => {
    const live = await client.query(`select 1 from eventlog.group_members where group_id = $1 and expires_at > now()`, [groupId]);
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
