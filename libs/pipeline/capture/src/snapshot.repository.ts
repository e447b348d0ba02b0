import pg from 'pg';
import type { CapturedChange } from './change-event.mapper';
import { buildKey, type PrimaryKeys } from './transaction.assembler';
import { encodeRow, type ColumnType } from './value-encoding.mapper';
import { createSourceClient } from './source.client';

export interface SnapshotReadOptions {
  domainUrl: string;
  /** The snapshot the slot exported: the exact state just before the slot's first change. */
  snapshotName: string;
  /** LSN given to every `op: "r"` event (the slot's consistent point). */
  consistentLsn: number;
  tables: readonly string[];
  primaryKeys: PrimaryKeys;
  batchSize: number;
  /** Called once the snapshot is imported, with its xmin (Debezium's `txId` for snapshot events). */
  onImported(xmin: number): Promise<void>;
  /** Called per fetched page, in table order then key order; awaited (back-pressure). */
  onRows(changes: CapturedChange[]): Promise<void>;
}

export interface SnapshotSummary {
  /** The snapshot's xmin: Debezium's `txId` for snapshot events. */
  xmin: number;
  rows: number;
}

/** Every column as PostgreSQL's text output, so snapshot and pgoutput share one encoder. */
const TEXT_TYPES = { getTypeParser: () => (value: string) => value };

/**
 * Reads every row of the captured tables inside the slot's exported snapshot (REPEATABLE READ +
 * SET TRANSACTION SNAPSHOT), so together with streaming from the slot no change is missed and
 * none is read twice. A cursor keeps memory flat for big tables.
 */
export async function readSnapshot(options: SnapshotReadOptions): Promise<SnapshotSummary> {
  const client = createSourceClient({ connectionString: options.domainUrl, options: '-c TimeZone=UTC' });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    await client.query(`set transaction snapshot ${client.escapeLiteral(options.snapshotName)}`);
    const { rows } = await client.query<{ xmin: string }>('select pg_snapshot_xmin(pg_current_snapshot())::text as xmin');
    const xmin = Number(rows[0].xmin);
    await options.onImported(xmin);
    let total = 0;
    for (const table of options.tables) total += await readTable(client, table, options);
    await client.query('commit');
    return { xmin, rows: total };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function readTable(client: pg.Client, table: string, options: SnapshotReadOptions): Promise<number> {
  const keyColumns = options.primaryKeys.get(`public.${table}`) ?? null;
  const orderBy = keyColumns ? ` order by ${keyColumns.map((column) => client.escapeIdentifier(column)).join(', ')}` : '';
  await client.query(`declare snapshot_rows no scroll cursor for select * from public.${client.escapeIdentifier(table)}${orderBy}`);
  let count = 0;
  for (;;) {
    const page = await client.query<Record<string, string | null>>({ text: `fetch forward ${options.batchSize} from snapshot_rows`, types: TEXT_TYPES });
    if (page.rows.length === 0) break;
    const columns: ColumnType[] = page.fields.map((field) => ({ name: field.name, typeOid: field.dataTypeID, typeMod: field.dataTypeModifier }));
    await options.onRows(page.rows.map((row) => toReadChange(table, columns, keyColumns, row, options.consistentLsn)));
    count += page.rows.length;
    if (page.rows.length < options.batchSize) break;
  }
  await client.query('close snapshot_rows');
  return count;
}

function toReadChange(
  table: string,
  columns: ColumnType[],
  keyColumns: readonly string[] | null,
  row: Record<string, string | null>,
  lsn: number,
): CapturedChange {
  return {
    op: 'r',
    schema: 'public',
    table,
    lsn,
    key: keyColumns ? buildKey(columns, keyColumns, row) : null,
    before: null,
    after: encodeRow(columns, row),
  };
}
