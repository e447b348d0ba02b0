import type { StageEvent } from '@dsm/contracts';
import type { CapturedChange } from './change-event.mapper';
import type { SourceTransaction } from './transaction.mapper';

/**
 * Stage events for one produced batch: one per source transaction and table, traceId = the
 * transaction's xid (what the API returns to the user), latency from the source commit to the
 * moment the events were durable in the log.
 */
export function buildStageEvents(batch: readonly SourceTransaction[], batchNumber: number, now: number): StageEvent[] {
  return batch.flatMap((tx) =>
    groupByTable(tx.changes).map(([entity, changes]) => ({
      traceId: String(tx.xid),
      lsn: changes[changes.length - 1].lsn,
      stage: 'capture' as const,
      entity,
      key: keyOf(changes),
      at: now,
      latencyMs: Math.max(0, now - Math.floor(tx.commitTimeUs / 1000)),
      batch: batchNumber,
    })),
  );
}

/** Snapshot pages have no source transaction: the snapshot's xmin names them. */
export function buildSnapshotStageEvents(changes: readonly CapturedChange[], xmin: number, batchNumber: number, now: number): StageEvent[] {
  return groupByTable(changes).map(([entity, rows]) => ({
    traceId: String(xmin),
    lsn: rows[0].lsn,
    stage: 'capture' as const,
    entity,
    key: keyOf(rows),
    at: now,
    latencyMs: null,
    batch: batchNumber,
  }));
}

function groupByTable(changes: readonly CapturedChange[]): [string, CapturedChange[]][] {
  const groups = new Map<string, CapturedChange[]>();
  for (const change of changes) {
    const group = groups.get(change.table);
    if (group) group.push(change);
    else groups.set(change.table, [change]);
  }
  return [...groups];
}

/** The row's id when the group touched exactly one row, so a user can follow their record. */
function keyOf(changes: readonly CapturedChange[]): string | null {
  const ids = new Set(changes.map((change) => JSON.stringify(change.key?.['id'] ?? null)));
  if (ids.size !== 1) return null;
  const id = changes[0].key?.['id'];
  return id === undefined || id === null ? null : String(id);
}
