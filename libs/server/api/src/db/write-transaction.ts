import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { OutboxAggregate, OutboxEventType, WriteResult } from '@dsm/contracts';
import type { Models } from '@dsm/data';

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
export function createWriter(sequelize: Sequelize, models: Models): Writer {
  return {
    write: (work) =>
      sequelize.transaction(async (tx) => {
        const events: OutboxEvent[] = [];
        const data = await work({ tx, emit: (event) => events.push(event) });
        if (events.length > 0) {
          await models.Outbox.bulkCreate(
            events.map((event) => ({
              aggregate_type: event.aggregateType,
              aggregate_id: String(event.aggregateId),
              type: event.type,
              payload: JSON.parse(JSON.stringify(event.payload)) as object,
            })),
            { transaction: tx },
          );
        }
        const [row] = await sequelize.query<{ tx_id: string }>('select pg_current_xact_id()::xid::text as tx_id', {
          transaction: tx,
          type: QueryTypes.SELECT,
        });
        return { data, txId: row.tx_id };
      }),
  };
}
