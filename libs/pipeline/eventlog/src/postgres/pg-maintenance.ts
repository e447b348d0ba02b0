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
 * Retention and compaction. Offsets are never reused: deleting records leaves holes that readers
 * skip, exactly like a Kafka log whose segments were cleaned. One process at a time (advisory lock).
 */
export async function runMaintenance(pool: pg.Pool, settings: MaintenanceSettings, now = Date.now()): Promise<MaintenanceReport> {
  return inTransaction(pool, async (client) => {
    const lock = await client.query<{ ok: boolean }>(`select pg_try_advisory_xact_lock(hashtext('dsm.eventlog.maintenance')) as ok`);
    if (!lock.rows[0].ok) return { expired: 0, compacted: 0, tombstones: 0, ran: false };
    const expired = await client.query(
      `delete from eventlog.records r using eventlog.topics t
       where t.name = r.topic and not t.compacted and r.ts < $1::bigint - coalesce(t.retention_ms, $2::bigint)`,
      [now, settings.defaultRetentionMs],
    );
    const compacted = await client.query(
      `delete from eventlog.records r using eventlog.topics t
       where t.name = r.topic and t.compacted and r.key is not null and exists (
         select 1 from eventlog.records n
         where n.topic = r.topic and n.partition = r.partition and n.key = r.key and n."offset" > r."offset")`,
    );
    const tombstones = await client.query(
      `delete from eventlog.records r using eventlog.topics t
       where t.name = r.topic and t.compacted and r.value is null and r.ts < $1::bigint - $2::bigint`,
      [now, settings.tombstoneGraceMs],
    );
    // Long-dead members: their claims are taken over anyway; this only keeps the tables small.
    await client.query(`delete from eventlog.group_members where expires_at < now() - interval '1 hour'`);
    await client.query(
      `delete from eventlog.group_claims c where not exists (
         select 1 from eventlog.group_members m where m.group_id = c.group_id and m.member_id = c.member_id)`,
    );
    return { expired: expired.rowCount ?? 0, compacted: compacted.rowCount ?? 0, tombstones: tombstones.rowCount ?? 0, ran: true };
  });
}
