import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { OutboxAggregate, OutboxEventType, WriteResult } from '@dsm/contracts';

export interface OutboxEvent {
  aggregateType: OutboxAggregate;
  aggregateId: number | string;
  type: OutboxEventType;
  payload: object;
}

export interface WriteContext {
  tx: Transaction;
  /** Queues an outbox row; it is inserted in this transaction, after the domain rows. */
  emit(event: OutboxEvent): void;
}

export interface Writer {
  write<T>(work: (ctx: WriteContext) => Promise<T>): Promise<WriteResult<T>>;
}

/**
 * Runs one command as one transaction: domain rows, their outbox rows and nothing else. The
 * returned `txId` is the 32-bit xid, i.e. what logical decoding (and Debezium's `source.txId`)
 * reports for this commit, so a user can follow the change through the pipeline.
 */
export function createWriter(sequelize: Sequelize): Writer {
  return {
    write: (work) =>
      sequelize.transaction(async (tx) => {
        const events: OutboxEvent[] = [];
        const data = await work({ tx, emit: (event) => events.push(event) });
        const [row] = await sequelize.query<{ tx_id: string }>(events.length > 0 ? INSERT_OUTBOX : SELECT_TX_ID, {
          transaction: tx,
          type: QueryTypes.SELECT,
          bind: events.length > 0 ? [JSON.stringify(events.map(toOutboxRow))] : [],
        });
        return { data, txId: row.tx_id };
      }),
  };
}

// Under load a write costs mostly per statement (a round trip plus Sequelize's own work), so the
// outbox rows go in and the txId comes back in one statement.
const TX_ID = 'pg_current_xact_id()::xid::text as tx_id';
const SELECT_TX_ID = `select ${TX_ID}`;
const INSERT_OUTBOX = `insert into outbox (aggregate_type, aggregate_id, type, payload)
  select aggregate_type, aggregate_id, type, payload
  from jsonb_to_recordset($1::jsonb) as event(aggregate_type text, aggregate_id text, type text, payload jsonb)
  returning ${TX_ID}`;

const toOutboxRow = (event: OutboxEvent) => ({
  aggregate_type: event.aggregateType,
  aggregate_id: String(event.aggregateId),
  type: event.type,
  payload: event.payload,
});
