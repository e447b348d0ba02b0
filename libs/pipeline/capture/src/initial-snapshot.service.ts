import type { EventLog, OutgoingRecord } from '@dsm/eventlog';
import type { SourceInfo } from '@dsm/contracts';
import { mapChangeToRecords, type CapturedChange } from './change-event.mapper';
import { createSlotWithSnapshot } from './slot.repository';
import { readSnapshot } from './snapshot.repository';
import { snapshotMarkerRecord, type SnapshotMarker } from './snapshot-marker.repository';
import type { PrimaryKeys } from './transaction.assembler';

export interface InitialSnapshotOptions {
  domainUrl: string;
  log: EventLog;
  prefix: string;
  slotName: string;
  serverName: string;
  db: string;
  tables: readonly string[];
  primaryKeys: PrimaryKeys;
  batchSize: number;
  /** After each produced page: rows so far, and the page's changes (for stage events). */
  onProgress(rows: number, changes: CapturedChange[], xmin: number): Promise<void> | void;
}

/**
 * Creates the slot and emits every existing row as `op: "r"` from the slot's exported snapshot.
 * Streaming then starts at the slot's consistent point: the snapshot holds exactly the commits
 * before it and the slot exactly those after, so nothing is missed or read twice. Pages are
 * produced one behind the reader so the very last row can carry snapshot "last" and share its
 * produce() call with the completion marker.
 */
export async function runInitialSnapshot(options: InitialSnapshotOptions): Promise<SnapshotMarker> {
  const slot = await createSlotWithSnapshot(options.domainUrl, options.slotName);
  const startedUs = Date.now() * 1000;
  let xmin = 0;
  let held: CapturedChange[] = [];
  let produced = 0;
  let first = true;

  const toRecords = (changes: CapturedChange[], isLastPage: boolean): OutgoingRecord[] =>
    changes.flatMap((change, index) => {
      const snapshot: SourceInfo['snapshot'] = first && index === 0 ? 'first' : isLastPage && index === changes.length - 1 ? 'last' : 'true';
      const context = { prefix: options.prefix, serverName: options.serverName, db: options.db, txId: xmin, timeUs: startedUs, lastCommitLsn: null, snapshot };
      return mapChangeToRecords(change, context, null, Date.now());
    });
  const producePage = async (changes: CapturedChange[], isLastPage: boolean, extra: OutgoingRecord[] = []) => {
    const records = toRecords(changes, isLastPage);
    first = first && changes.length === 0;
    await options.log.produce([...records, ...extra]);
    produced += changes.length;
    await options.onProgress(produced, changes, xmin);
  };

  try {
    const summary = await readSnapshot({
      domainUrl: options.domainUrl,
      snapshotName: slot.snapshotName,
      consistentLsn: slot.consistentLsn,
      tables: options.tables,
      primaryKeys: options.primaryKeys,
      batchSize: options.batchSize,
      onImported: async (snapshotXmin) => {
        xmin = snapshotXmin;
        // The importing transaction now holds the snapshot; the exporting connection may go.
        await slot.release();
      },
      onRows: async (changes) => {
        if (held.length > 0) await producePage(held, false);
        held = changes;
      },
    });
    const marker: SnapshotMarker = { kind: 'snapshot-complete', slot: options.slotName, consistentLsn: slot.consistentLsn, rows: summary.rows, completedAt: Date.now() };
    await producePage(held, true, [snapshotMarkerRecord(options.prefix, marker)]);
    return marker;
  } finally {
    await slot.release().catch(() => undefined);
  }
}
