import type pg from 'pg';

/** LISTEN/NOTIFY channels: new records (payload: topic) and group membership (payload: group id). */
export const RECORDS_CHANNEL = 'eventlog_records';
export const GROUPS_CHANNEL = 'eventlog_groups';

// Offsets are allocated from `partitions.next_offset` under that row's lock, so per partition they
// are gapless and commit in offset order: a reader at offset N never misses a later commit below N.
const DDL = `
create schema if not exists eventlog;
create table if not exists eventlog.topics (
  name text primary key,
  partitions int not null check (partitions > 0),
  compacted boolean not null default false,
  retention_ms bigint,
  created_at timestamptz not null default now()
);
create table if not exists eventlog.partitions (
  topic text not null references eventlog.topics(name) on delete cascade,
  partition int not null,
  next_offset bigint not null default 0,
  primary key (topic, partition)
);
create table if not exists eventlog.records (
  topic text not null,
  partition int not null,
  "offset" bigint not null,
  key text,
  value text,
  headers jsonb not null default '{}',
  ts bigint not null,
  primary key (topic, partition, "offset")
);
create index if not exists records_by_key on eventlog.records (topic, partition, key, "offset");
create index if not exists records_by_ts on eventlog.records (topic, partition, ts);
create index if not exists records_tombstones on eventlog.records (topic, partition, ts) where value is null;
-- Per partition of a compacted topic, the offset up to which compaction has looked: each pass
-- reads only the records added since.
create table if not exists eventlog.compaction (
  topic text not null,
  partition int not null,
  compacted_to bigint not null,
  primary key (topic, partition)
);
create table if not exists eventlog.group_offsets (
  group_id text not null,
  topic text not null,
  partition int not null,
  next_offset bigint not null,
  updated_at timestamptz not null default now(),
  primary key (group_id, topic, partition)
);
create table if not exists eventlog.group_members (
  group_id text not null,
  member_id text not null,
  topics text[] not null,
  expires_at timestamptz not null,
  primary key (group_id, member_id)
);
alter table eventlog.group_members add column if not exists session_key bigint;
-- A member is alive while its lease runs and, when it names one, the session-level advisory lock
-- its process holds on a dedicated connection is held: PostgreSQL releases that lock the moment
-- the process dies (its connections close), so a killed member's partitions can be taken over
-- at once instead of after the session timeout.
create or replace function eventlog.member_alive(expires_at timestamptz, session_key bigint) returns boolean
language sql stable as $$
  select expires_at > now() and (session_key is null or exists (
    select 1 from pg_locks l
    where l.locktype = 'advisory' and l.granted and l.objsubid = 1
      and l.database = (select oid from pg_database where datname = current_database())
      and l.classid = (session_key >> 32)::oid and l.objid = (session_key & 4294967295)::oid))
$$;
create table if not exists eventlog.group_claims (
  group_id text not null,
  topic text not null,
  partition int not null,
  member_id text not null,
  claimed_at timestamptz not null default now(),
  primary key (group_id, topic, partition)
);
`;

/**
 * Creates the `eventlog` schema on first use. Idempotent; the advisory lock keeps several
 * processes starting at once from racing on `create ... if not exists` (which is not atomic in
 * PostgreSQL's catalog and can fail with a unique violation).
 */
export async function ensureEventLogSchema(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(`select pg_advisory_xact_lock(hashtext('dsm.eventlog.schema'))`);
    await client.query(DDL);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Runs `work` in one transaction on one pooled connection. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
