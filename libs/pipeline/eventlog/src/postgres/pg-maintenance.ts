import type pg from 'pg';
import { inTransaction } from './pg-schema';

export interface MaintenanceSettings {
  /** Retention of non-compacted topics without their own `retentionMs`. */
  defaultRetentionMs: number;
  /** How long a tombstone outlives the records it deleted (Kafka's delete.retention.ms). */
  tombstoneGraceMs: number;
}

export interface MaintenanceReport {
  /** Records older than their topic's retention. */
  expired: number;
  /** Records superseded by a later record with the same key (compacted topics). */
  compacted: number;
  /** Tombstones past the grace period. */
  tombstones: number;
  /** False when another process held the maintenance lock (nothing was done). */
  ran: boolean;
}

/**
 * Compaction of the records added since the last pass: for each key written there, the older
 * records with that key go. The marks are read in the statement's snapshot, in which every record
 * below a partition's `next_offset` is visible (a producer holds the partition row until it commits).
 */
const COMPACT = `
with marks as (
  select p.topic, p.partition, coalesce(c.compacted_to, 0) as from_offset, p.next_offset as to_offset
  from eventlog.partitions p
  join eventlog.topics t on t.name = p.topic and t.compacted
  left join eventlog.compaction c on c.topic = p.topic and c.partition = p.partition
  where p.next_offset > coalesce(c.compacted_to, 0)
),
fresh as (
  select r.topic, r.partition, r.key, max(r."offset") as latest
  from marks m
  join eventlog.records r on r.topic = m.topic and r.partition = m.partition and r."offset" >= m.from_offset and r."offset" < m.to_offset
  where r.key is not null
  group by r.topic, r.partition, r.key
),
superseded as (
  delete from eventlog.records o using fresh f
  where o.topic = f.topic and o.partition = f.partition and o.key = f.key and o."offset" < f.latest
  returning 1
),
marked as (
  insert into eventlog.compaction (topic, partition, compacted_to) select topic, partition, to_offset from marks
  on conflict (topic, partition) do update set compacted_to = excluded.compacted_to
)
select count(*)::int as compacted from superseded`;

/**
 * Retention and compaction. Offsets are never reused: deleting records leaves holes that readers
 * skip, exactly like a Kafka log whose segments were cleaned. One process at a time (advisory lock).
 * Every statement goes through an index, per topic: a pass costs what it deletes and what was
 * added since the last one, not the size of the log.
 */
export async function runMaintenance(pool: pg.Pool, settings: MaintenanceSettings, now = Date.now()): Promise<MaintenanceReport> {
  return inTransaction(pool, async (client) => {
    const lock = await client.query<{ ok: boolean }>(`select pg_try_advisory_xact_lock(hashtext('dsm.eventlog.maintenance')) as ok`);
    if (!lock.rows[0].ok) return { expired: 0, compacted: 0, tombstones: 0, ran: false };
    const { rows: topics } = await client.query<{ name: string; partitions: number; compacted: boolean; retention_ms: string | null }>(
      `select name, partitions, compacted, retention_ms::text from eventlog.topics`,
    );
    const { rows: [{ compacted }] } = await client.query<{ compacted: number }>(COMPACT);
    let expired = 0;
    let tombstones = 0;
    for (const topic of topics) {
      const partitions = [...Array(topic.partitions).keys()];
      const retentionMs = topic.retention_ms === null ? settings.defaultRetentionMs : Number(topic.retention_ms);
      const deleted = topic.compacted
        ? await client.query(
            `delete from eventlog.records where topic = $1 and partition = any($2::int[]) and value is null and ts < $3`,
            [topic.name, partitions, now - settings.tombstoneGraceMs],
          )
        : await client.query(`delete from eventlog.records where topic = $1 and partition = any($2::int[]) and ts < $3`, [topic.name, partitions, now - retentionMs]);
      if (topic.compacted) tombstones += deleted.rowCount ?? 0;
      else expired += deleted.rowCount ?? 0;
    }
    // Long-dead members: their claims are taken over anyway; this only keeps the tables small.
    await client.query(`delete from eventlog.group_members where expires_at < now() - interval '1 hour'`);
    await client.query(
      `delete from eventlog.group_claims c where not exists (
         select 1 from eventlog.group_members m where m.group_id = c.group_id and m.member_id = c.member_id)`,
    );
    return { expired, compacted, tombstones, ran: true };
  });
}
