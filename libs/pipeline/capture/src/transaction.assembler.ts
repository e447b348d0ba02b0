import type { Pgoutput } from 'pg-logical-replication';
import { lsnToNumber } from '@dsm/contracts';
import type { CapturedChange } from './change-event.mapper';
import type { SourceTransaction } from './transaction.mapper';
import { encodeRow, encodeValue, type ColumnType } from './value-encoding.mapper';

/** Primary-key column names per `schema.table`: Debezium's change-event key. */
export type PrimaryKeys = ReadonlyMap<string, readonly string[]>;

export interface TransactionAssembler {
  /** Feeds one decoded message; returns the transaction when `message` is its commit. */
  accept(lsn: string, message: Pgoutput.Message): SourceTransaction | null;
  /** True between a BEGIN and its COMMIT. */
  readonly inTransaction: boolean;
  /** Forgets a half-received transaction (the connection dropped: the slot sends it again). */
  reset(): void;
}

/**
 * Collects pgoutput messages into whole transactions. Protocol version 1 sends a transaction only
 * once it committed, BEGIN … COMMIT with nothing interleaved, so one open transaction suffices.
 * Truncates are skipped, as Debezium does by default (skipped.operations=t).
 */
export function createTransactionAssembler(primaryKeys: PrimaryKeys): TransactionAssembler {
  let open: SourceTransaction | null = null;
  return {
    get inTransaction() {
      return open !== null;
    },
    reset() {
      open = null;
    },
    accept(lsn, message) {
      if (message.tag === 'begin') {
        open = { xid: message.xid, beginLsn: lsnToNumber(lsn), commitLsn: 0, commitTimeUs: 0, changes: [] };
        return null;
      }
      if (!open) return null;
      if (message.tag === 'commit') {
        const done = { ...open, commitLsn: lsnToNumber(message.commitEndLsn ?? lsn), commitTimeUs: Number(message.commitTime) };
        open = null;
        return done;
      }
      const change = toChange(lsn, message, primaryKeys);
      if (change) open.changes.push(change);
      return null;
    },
  };
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
