import pg from 'pg';
import { lsnToNumber } from '@dsm/contracts';
import { createSourceClient } from './source.client';

/** A freshly created slot whose snapshot stays importable while `release` has not been called. */
export interface CreatedSlot {
  consistentLsn: number;
  snapshotName: string;
  /** Closes the replication connection; call it once the snapshot was imported (or not needed). */
  release(): Promise<void>;
}

const SLOT_IN_USE = '55006';

/**
 * Creates a pgoutput slot and exports its snapshot on a replication connection. The statement
 * runs on its own (never inside a transaction that wrote: error 25001), and the connection must
 * stay open and idle until a reader ran SET TRANSACTION SNAPSHOT, else the snapshot vanishes.
 */
export async function createSlotWithSnapshot(domainUrl: string, slotName: string): Promise<CreatedSlot> {
  const client = createSourceClient({ connectionString: domainUrl, replication: 'database' } as pg.ClientConfig);
  await client.connect();
  try {
    const result = await client.query<{ consistent_point: string; snapshot_name: string }>(
      `CREATE_REPLICATION_SLOT ${client.escapeIdentifier(slotName)} LOGICAL pgoutput (SNAPSHOT 'export')`,
    );
    const [row] = result.rows;
    let released: Promise<void> | null = null;
    return {
      consistentLsn: lsnToNumber(row.consistent_point),
      snapshotName: row.snapshot_name,
      release: () => (released ??= client.end()),
    };
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

export interface SlotState {
  active: boolean;
  confirmedFlushLsn: number | null;
  /** pg_current_wal_lsn() - restart_lsn: WAL the server keeps for this slot. */
  retainedWalBytes: number | null;
}

/** The slot as the server sees it, or null when it does not exist (slots are cluster-wide). */
export async function readSlot(client: pg.ClientBase, slotName: string): Promise<SlotState | null> {
  const { rows } = await client.query<{ active: boolean; confirmed: string | null; retained: string | null }>(
    `select active, confirmed_flush_lsn::text as confirmed,
            (pg_current_wal_lsn() - restart_lsn)::text as retained
       from pg_replication_slots where slot_name = $1`,
    [slotName],
  );
  if (rows.length === 0) return null;
  const [row] = rows;
  return {
    active: row.active,
    confirmedFlushLsn: row.confirmed ? lsnToNumber(row.confirmed) : null,
    retainedWalBytes: row.retained === null ? null : Number(row.retained),
  };
}

/**
 * Drops the slot, waiting for a walsender that still holds it (a killed capture's connection is
 * noticed by the server within moments). Missing slots are fine.
 */
export async function dropSlot(client: pg.ClientBase, slotName: string, waitMs = 10_000): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await client.query('select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = $1', [slotName]);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== SLOT_IN_USE || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Primary-key columns per `schema.table` of the given public tables: Debezium's event key. */
export async function loadPrimaryKeys(client: pg.ClientBase, tables: readonly string[]): Promise<Map<string, string[]>> {
  const { rows } = await client.query<{ tbl: string; columns: string[] }>(
    `select c.relname as tbl, array_agg(a.attname::text order by array_position(i.indkey::int2[], a.attnum)) as columns
       from pg_index i
       join pg_class c on c.oid = i.indrelid
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum = any(i.indkey)
      where i.indisprimary and n.nspname = 'public' and c.relname = any($1)
      group by c.relname`,
    [tables],
  );
  return new Map(rows.map((row) => [`public.${row.tbl}`, row.columns]));
}
