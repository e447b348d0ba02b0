import { createResilientPool, type PoolLogger } from '@dsm/pg-resilience';
import type { SlotFigures } from '@dsm/contracts';

export interface SlotReader {
  read(): Promise<SlotFigures | null>;
  close(): Promise<void>;
}

/**
 * Reads the replication slot straight from the source database: retained WAL is what the slot
 * keeps on disk until the capture confirms it, so it is the figure that warns before a disk fills.
 */
export function createSlotReader(databaseUrl: string, slotName: string, logger?: PoolLogger): SlotReader {
  // A source restart fails one read (the monitor shows the slot unknown); it must not end the server.
  const pool = createResilientPool({ connectionString: databaseUrl, max: 1 }, { name: 'slot reader', logger });
  return {
    async read() {
      const { rows } = await pool.query<{ active: boolean; retained: number | null }>(
        `select active, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::float8 as retained
         from pg_replication_slots where slot_name = $1`,
        [slotName],
      );
      const row = rows[0];
      return row ? { name: slotName, active: row.active, retainedWalBytes: Math.max(0, row.retained ?? 0) } : null;
    },
    close: () => pool.end(),
  };
}
