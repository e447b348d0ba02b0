/**
 * Record headers the stages add (Debezium's unwrap transform names its metadata headers `__…`).
 *
 * | header            | on                      | meaning                                                    |
 * |-------------------|-------------------------|------------------------------------------------------------|
 * | `__op`            | clean                   | c, u, d or r                                               |
 * | `__table`         | clean                   | source table (= clean entity)                              |
 * | `__lsn`           | clean, outbox           | LSN of the change record                                   |
 * | `__version`       | clean, outbox, view     | transaction version: max(previous commit LSN + 1, change LSN) |
 * | `__tx`            | clean, outbox           | source transaction id `<xid>:<lsn>` (the trace id)         |
 * | `__order`         | clean                   | position of the change in its transaction (total_order)    |
 * | `__xid`           | clean                   | PostgreSQL transaction id                                  |
 * | `__source_ts_ms`  | clean, outbox, view     | commit time at the source                                  |
 * | `__before`        | clean (updates)         | typed before image: a moved foreign key touches both sides, an unread column nothing |
 * | `__unit`          | view                    | id of the group of documents written by one produce()      |
 * | `__unit_size`     | view                    | number of documents in that group                          |
 * | `__traces`        | view (one per group)    | every source transaction the group applies: `tx@source_ts_ms,…` |
 * | `id`, `type`, `aggregate_type` | outbox     | outbox event router headers                                |
 */
export const HEADER = {
  op: '__op',
  table: '__table',
  lsn: '__lsn',
  version: '__version',
  tx: '__tx',
  order: '__order',
  xid: '__xid',
  sourceTs: '__source_ts_ms',
  before: '__before',
  unit: '__unit',
  unitSize: '__unit_size',
  traces: '__traces',
  eventId: 'id',
  eventType: 'type',
  aggregateType: 'aggregate_type',
} as const;

/** The clean "transaction" entity carries forwarded BEGIN/END records for the view stage. */
export const TRANSACTION_ENTITY = 'transaction';
