import { QueryTypes, type Transaction } from 'sequelize';
import { DeliveryDetailsInputSchema, DeliveryInputSchema, type Delivery, type DeliveryInput, type DeliveryPatch, type DeliveryStatus, type Page, type RecordableState } from '@dsm/contracts';
import type { Database } from '@dsm/data';
import { toFindOptions } from '../db/list-options';
import { normalise, toPlain, toPlainList } from '../db/plain';

export interface DeliveryListQuery {
  page: number;
  size: number;
  status?: DeliveryStatus;
  order_id?: number;
}
type DeliveryRow = Omit<Delivery, 'details' | 'attempts'>;
export interface LockedDelivery {
  id: number;
  order_id: number;
  status: DeliveryStatus;
}
export interface AttemptRow {
  id: number;
  number: number;
  status: DeliveryStatus;
}
export interface StateChangeRecord {
  attemptId: number;
  state: RecordableState;
  reason: string | null;
  recordedBy: string;
}

export interface DeliveryRepository {
  list(query: DeliveryListQuery): Promise<Page<Delivery>>;
  find(id: number, tx?: Transaction): Promise<Delivery | undefined>;
  /** SELECT … FOR UPDATE: concurrent commands on one delivery run one after the other. */
  lock(id: number, tx: Transaction): Promise<LockedDelivery | undefined>;
  /** The new delivery as `find` reads it, from the rows the inserts return (it has no attempts yet). */
  create(input: DeliveryInput, tx: Transaction): Promise<Delivery>;
  update(id: number, patch: DeliveryPatch, tx: Transaction): Promise<void>;
  latestAttempt(deliveryId: number, tx: Transaction): Promise<AttemptRow | undefined>;
  createAttempt(deliveryId: number, number: number, tx: Transaction): Promise<void>;
  insertStateChange(change: StateChangeRecord, tx: Transaction): Promise<void>;
  setAttemptStatus(attemptId: number, status: DeliveryStatus, tx: Transaction): Promise<void>;
  setDeliveryStatus(id: number, status: DeliveryStatus, tx: Transaction): Promise<void>;
}

export function createDeliveryRepository({ sequelize, models }: Database): DeliveryRepository {
  const insertDelivery = insertDeliverySql(
    Object.keys(DeliveryInputSchema.shape).filter((field) => field !== 'details'),
    Object.keys(DeliveryDetailsInputSchema.shape),
  );
  const include = [
    { model: models.DeliveryDetails, as: 'details', attributes: { exclude: ['created_at', 'updated_at'] } },
    {
      model: models.Attempt, as: 'attempts', separate: true, order: [['number', 'ASC']] as [string, string][],
      include: [{
        model: models.StateChange, as: 'state_changes', separate: true, order: [['id', 'ASC']] as [string, string][],
        // The model has no timestamps (a state change is never updated); created_at is still a column.
        attributes: ['id', 'attempt_id', 'state', 'reason', 'recorded_by', 'created_at'],
      }],
    },
  ];
  return {
    async list(query) {
      const { rows, count } = await models.Delivery.findAndCountAll({
        ...toFindOptions({ ...query }, { searchColumns: [], filterColumns: ['status', 'order_id'] }), include, distinct: true,
      });
      return { items: toPlainList<Delivery>(rows), total: count, page: query.page, size: query.size };
    },
    find: async (id, tx) => toPlain<Delivery>(await models.Delivery.findByPk(id, { include, transaction: tx })),
    lock: async (id, tx) =>
      toPlain<LockedDelivery>(await models.Delivery.findByPk(id, { attributes: ['id', 'order_id', 'status'], lock: tx.LOCK.UPDATE, transaction: tx })),
    async create({ details: given, ...fields }, tx) {
      const [row] = await sequelize.query<DeliveryRow & { details: Delivery['details'] }>(insertDelivery, {
        bind: [asJsonParameter(fields), asJsonParameter(given)], type: QueryTypes.SELECT, transaction: tx,
      });
      const { details, ...delivery } = row;
      return { ...(normalise(delivery) as DeliveryRow), details, attempts: [] };
    },
    async update(id, { details, ...fields }, tx) {
      if (Object.keys(fields).length > 0) await models.Delivery.update({ ...fields }, { where: { id }, transaction: tx });
      if (details && Object.keys(details).length > 0) {
        await models.DeliveryDetails.update({ ...details }, { where: { delivery_id: id }, transaction: tx });
      }
    },
    latestAttempt: async (deliveryId, tx) =>
      toPlain<AttemptRow>(await models.Attempt.findOne({
        where: { delivery_id: deliveryId }, order: [['number', 'DESC']], attributes: ['id', 'number', 'status'], transaction: tx,
      })),
    async createAttempt(deliveryId, number, tx) {
      await models.Attempt.create({ delivery_id: deliveryId, number, status: 'created' }, { transaction: tx });
    },
    async insertStateChange({ attemptId, state, reason, recordedBy }, tx) {
      await models.StateChange.create({ attempt_id: attemptId, state, reason, recorded_by: recordedBy }, { transaction: tx });
    },
    async setAttemptStatus(attemptId, status, tx) {
      await models.Attempt.update({ status }, { where: { id: attemptId }, transaction: tx });
    },
    async setDeliveryStatus(id, status, tx) {
      await models.Delivery.update({ status }, { where: { id }, transaction: tx });
    },
  };
}

/** PostgreSQL text cannot hold a NUL: stored as the two characters backslash and 0, as Sequelize's own inserts do. */
const asJsonParameter = (values: object): string =>
  JSON.stringify(values, (_key, value: unknown) => (typeof value === 'string' ? value.replaceAll('\0', '\\0') : value));

/**
 * The delivery and its details in one statement (a round trip less per create, under load the
 * main cost), returned as `find` reads them: the details without their timestamps. A new
 * delivery has no attempts yet. Values arrive as JSON, typed by the tables' own row types; the
 * columns are the input schemas' fields.
 */
function insertDeliverySql(deliveryColumns: string[], detailColumns: string[]): string {
  return `with delivery as (
      insert into deliveries (${deliveryColumns.join(', ')}, status)
      select ${deliveryColumns.join(', ')}, 'created' from jsonb_populate_record(null::deliveries, $1::jsonb)
      returning *
    ), details as (
      insert into delivery_details (delivery_id, ${detailColumns.join(', ')})
      select delivery.id, ${detailColumns.map((column) => `given.${column}`).join(', ')}
      from delivery, jsonb_populate_record(null::delivery_details, $2::jsonb) as given
      returning *
    )
    select delivery.*, to_jsonb(details) - 'created_at' - 'updated_at' as details from delivery, details`;
}
