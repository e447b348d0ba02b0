import type { Pgoutput } from 'pg-logical-replication';
import { lsnToNumber } from '@dsm/contracts';
import { dataCollectionOf, type CapturedChange } from './change-event.mapper';
import type { SourceTransaction } from './transaction.mapper';
import { encodeRow, encodeValue, type ColumnType } from './value-encoding.mapper';

/** Primary-key column names per `schema.table`: Debezium's change-event key. */
export type PrimaryKeys = ReadonlyMap<string, readonly string[]>;

/** When an open transaction is handed over as a fragment instead of waiting for its COMMIT. */
export interface FragmentLimits {
  maxEvents: number;
  maxBytes: number;
}

export interface TransactionAssembler {
  /**
   * Feeds one decoded message (`bytes` long on the wire). Returns the transaction when `message`
   * is its commit, or a fragment of it when the open part reached the fragment limits.
   */
  accept(lsn: string, message: Pgoutput.Message, bytes: number): SourceTransaction | null;
  /** True between a BEGIN and its COMMIT. */
  readonly inTransaction: boolean;
  /** Changes held for the open transaction (not yet handed over), and their size. */
  readonly heldEvents: number;
  readonly heldBytes: number;
  /** Forgets a half-received transaction (the connection dropped: the slot sends it again). */
  reset(): void;
}

/**
 * Collects pgoutput messages into whole transactions. Protocol version 1 sends a transaction only
 * once it committed, BEGIN … COMMIT with nothing interleaved, so one open transaction suffices;
 * and since it did commit, a large one may be handed over in fragments before its COMMIT message
 * arrives (the slot is still acknowledged only past its END). Truncates are skipped, as Debezium
 * does by default (skipped.operations=t).
 */
export function createTransactionAssembler(primaryKeys: PrimaryKeys, limits: FragmentLimits): TransactionAssembler {
  let open: SourceTransaction | null = null;

  /** Hands over what is open; the rest of the transaction continues in a fresh fragment. */
  const cut = (tx: SourceTransaction, commitLsn: number | null): SourceTransaction => {
    open = commitLsn === null ? { ...tx, changes: [], bytes: 0, firstOrder: tx.firstOrder + tx.changes.length, priorCounts: countCollections(tx) } : null;
    return { ...tx, complete: commitLsn !== null, commitLsn: commitLsn ?? 0 };
  };

  return {
    get inTransaction() {
      return open !== null;
    },
    get heldEvents() {
      return open?.changes.length ?? 0;
    },
    get heldBytes() {
      return open?.bytes ?? 0;
    },
    reset() {
      open = null;
    },
    accept(lsn, message, bytes) {
      if (message.tag === 'begin') {
        open = openTransaction(lsn, message);
        return null;
      }
      if (!open) return null;
      if (message.tag === 'commit') return cut(open, lsnToNumber(message.commitEndLsn ?? lsn));
      const change = toChange(lsn, message, primaryKeys);
      if (!change) return null;
      open.changes.push(change);
      open.bytes += bytes;
      return open.changes.length >= limits.maxEvents || open.bytes >= limits.maxBytes ? cut(open, null) : null;
    },
  };
}

function openTransaction(lsn: string, begin: Pgoutput.MessageBegin): SourceTransaction {
  return {
    xid: begin.xid,
    beginLsn: lsnToNumber(lsn),
    finalLsn: lsnToNumber(begin.commitLsn ?? lsn),
    commitLsn: 0,
    commitTimeUs: Number(begin.commitTime),
    changes: [],
    firstOrder: 0,
    priorCounts: new Map(),
    complete: false,
    bytes: 0,
  };
}

function countCollections(tx: SourceTransaction): Map<string, number> {
  const counts = new Map(tx.priorCounts);
  for (const change of tx.changes) counts.set(dataCollectionOf(change), (counts.get(dataCollectionOf(change)) ?? 0) + 1);
  return counts;
}

type Tuple = Record<string, string | null | undefined>;

function toChange(lsn: string, message: Pgoutput.Message, primaryKeys: PrimaryKeys): CapturedChange | null {
  if (message.tag !== 'insert' && message.tag !== 'update' && message.tag !== 'delete') return null;
  const { relation } = message;
  const columns: ColumnType[] = relation.columns.map(({ name, typeOid, typeMod }) => ({ name, typeOid, typeMod }));
  const oldTuple = (message.tag === 'insert' ? null : (message.old ?? message.key)) as Tuple | null;
  const newTuple = (message.tag === 'delete' ? null : message.new) as Tuple | null;
  const keyColumns = primaryKeys.get(`${relation.schema}.${relation.name}`);
  return {
    op: message.tag === 'insert' ? 'c' : message.tag === 'update' ? 'u' : 'd',
    schema: relation.schema,
    table: relation.name,
    lsn: lsnToNumber(lsn),
    key: keyColumns ? buildKey(columns, keyColumns, (newTuple ?? oldTuple) as Tuple) : null,
    before: oldTuple ? encodeRow(columns, oldTuple) : null,
    after: newTuple ? encodeRow(columns, newTuple) : null,
  };
}

export function buildKey(columns: readonly ColumnType[], keyColumns: readonly string[], tuple: Tuple): Record<string, unknown> {
  const key: Record<string, unknown> = {};
  for (const name of keyColumns) {
    const column = columns.find((candidate) => candidate.name === name);
    key[name] = column ? encodeValue(column, tuple[name]) : tuple[name];
  }
  return key;
}
