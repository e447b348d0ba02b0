import { z } from 'zod';

/**
 * Debezium's PostgreSQL change-event envelope (JsonConverter, schemas.enable=false), exactly as
 * the connector in connectors/debezium-postgres.json writes it. Column values keep the
 * connector's encodings (see connectors/README.md): timestamptz → ISO-8601 string, date → days
 * since epoch, numeric → string (decimal.handling.mode=string), json/jsonb → JSON text, and an
 * unchanged TOAST value → UNAVAILABLE_VALUE.
 */
export const CHANGE_OPS = ['c', 'u', 'd', 'r', 't', 'm'] as const;
export const ChangeOpSchema = z.enum(CHANGE_OPS);
export type ChangeOp = z.infer<typeof ChangeOpSchema>;

/** Debezium's default `unavailable.value.placeholder` for unchanged TOASTed columns. */
export const UNAVAILABLE_VALUE = '__debezium_unavailable_value';

export const SourceInfoSchema = z.object({
  version: z.string(),
  connector: z.literal('postgresql'),
  name: z.string(),
  ts_ms: z.number(),
  snapshot: z.union([z.enum(['true', 'false', 'last', 'first', 'first_in_data_collection', 'last_in_data_collection', 'incremental']), z.boolean()]).optional(),
  db: z.string(),
  sequence: z.string().nullish(),
  ts_us: z.number().optional(),
  ts_ns: z.number().optional(),
  schema: z.string(),
  table: z.string(),
  txId: z.number().nullable(),
  lsn: z.number().nullable(),
  xmin: z.number().nullish(),
});
export type SourceInfo = z.infer<typeof SourceInfoSchema>;

/** Debezium's per-event transaction block (provide.transaction.metadata=true). */
export const TransactionBlockSchema = z.object({
  id: z.string(),
  total_order: z.number().int(),
  data_collection_order: z.number().int(),
});

export const RowSchema = z.record(z.string(), z.unknown());
export type Row = z.infer<typeof RowSchema>;

export const ChangeEventSchema = z.object({
  before: RowSchema.nullable(),
  after: RowSchema.nullable(),
  source: SourceInfoSchema,
  transaction: TransactionBlockSchema.nullish(),
  op: ChangeOpSchema,
  ts_ms: z.number(),
  ts_us: z.number().optional(),
  ts_ns: z.number().optional(),
});
export type ChangeEvent = z.infer<typeof ChangeEventSchema>;

export const ChangeKeySchema = z.object({ id: z.union([z.number(), z.string()]) });
export type ChangeKey = z.infer<typeof ChangeKeySchema>;

/** Debezium's transaction metadata records on `<prefix>.transaction`. */
export const TransactionEventSchema = z.object({
  status: z.enum(['BEGIN', 'END']),
  id: z.string(),
  event_count: z.number().int().nullable(),
  data_collections: z.array(z.object({ data_collection: z.string(), event_count: z.number().int() })).nullable(),
  ts_ms: z.number(),
});
export type TransactionEvent = z.infer<typeof TransactionEventSchema>;

/** Debezium identifies a transaction as `<txId>:<lsn>`; the first part is the PostgreSQL xid. */
export function transactionId(txId: number | string, lsn: number | string): string {
  return `${txId}:${lsn}`;
}

/**
 * The trace id of a source transaction: its PostgreSQL xid, the `txId` a write through the API
 * returns. Debezium's transaction ids (`<txId>:<lsn>`) are reduced to it, so every stage reports
 * one transaction under one id.
 */
export function traceIdOf(transaction: string): string {
  const separator = transaction.indexOf(':');
  return separator < 0 ? transaction : transaction.slice(0, separator);
}

/** Parses a PostgreSQL LSN ("16/B374D848") into the number Debezium uses. */
export function lsnToNumber(lsn: string): number {
  const [high, low] = lsn.split('/');
  return parseInt(high, 16) * 2 ** 32 + parseInt(low, 16);
}

export function numberToLsn(value: number): string {
  const high = Math.floor(value / 2 ** 32);
  const low = value - high * 2 ** 32;
  return `${high.toString(16).toUpperCase()}/${low.toString(16).toUpperCase()}`;
}
