import { UNAVAILABLE_VALUE } from '@dsm/contracts';

/**
 * Turns PostgreSQL's text output (pgoutput tuples and the snapshot's text-mode reads) into the
 * JSON values Debezium's PostgreSQL connector writes with the settings in
 * connectors/debezium-postgres.json: time.precision.mode=adaptive, decimal.handling.mode=string,
 * JsonConverter with schemas.enable=false. Snapshot and streaming share this one function, so an
 * `op: "r"` row and a later `op: "u"` row encode the same column the same way.
 */
export interface ColumnType {
  name: string;
  typeOid: number;
  /** atttypmod: -1 when the column has no declared precision. */
  typeMod: number;
}

/** Built-in type oids (pg_type.oid is stable for built-in types). */
export const TYPE_OID = {
  bool: 16,
  int8: 20,
  int2: 21,
  int4: 23,
  oid: 26,
  float4: 700,
  float8: 701,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
} as const;

const MS_PER_DAY = 86_400_000;
const DEFAULT_TIME_PRECISION = 6;

/** `undefined` is pgoutput's "unchanged TOAST value we could not fill": Debezium's placeholder. */
export function encodeValue(column: ColumnType, text: string | null | undefined): unknown {
  if (text === undefined) return UNAVAILABLE_VALUE;
  if (text === null) return null;
  switch (column.typeOid) {
    case TYPE_OID.bool:
      return text === 't';
    case TYPE_OID.int2:
    case TYPE_OID.int4:
    case TYPE_OID.int8:
    case TYPE_OID.oid:
    case TYPE_OID.float4:
    case TYPE_OID.float8:
      return encodeNumber(text);
    case TYPE_OID.date:
      return encodeDate(text);
    case TYPE_OID.time:
      return encodeTime(text, precisionOf(column));
    case TYPE_OID.timestamp:
      return encodeTimestamp(text, precisionOf(column));
    case TYPE_OID.timestamptz:
      return encodeZonedTimestamp(text, precisionOf(column));
    default:
      // numeric (decimal.handling.mode=string), json/jsonb (io.debezium.data.Json), uuid, text…
      return text;
  }
}

export function encodeRow(columns: readonly ColumnType[], tuple: Record<string, string | null | undefined>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const column of columns) row[column.name] = encodeValue(column, tuple[column.name]);
  return row;
}

function precisionOf(column: ColumnType): number {
  return column.typeMod >= 0 ? column.typeMod : DEFAULT_TIME_PRECISION;
}

function encodeNumber(text: string): number | string {
  const value = Number(text);
  // NaN and ±Infinity have no JSON number; keep PostgreSQL's spelling rather than lose the value.
  return Number.isFinite(value) ? value : text;
}

/** io.debezium.time.Date: days since the epoch. */
function encodeDate(text: string): number | string {
  const match = /^(\d{4,})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return text;
  return Math.round(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / MS_PER_DAY);
}

/** io.debezium.time.MicroTime (precision > 3) or Time (millis) since midnight. */
function encodeTime(text: string, precision: number): number | string {
  const match = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(text);
  if (!match) return text;
  const micros = ((Number(match[1]) * 60 + Number(match[2])) * 60 + Number(match[3])) * 1_000_000 + fractionMicros(match[4]);
  return precision > 3 ? micros : Math.floor(micros / 1000);
}

/** io.debezium.time.MicroTimestamp (precision > 3) or Timestamp (millis), wall clock as UTC. */
function encodeTimestamp(text: string, precision: number): number | string {
  const parts = parseDateTime(text);
  if (!parts) return text;
  const micros = parts.epochSeconds * 1_000_000 + fractionMicros(parts.fraction);
  return precision > 3 ? micros : Math.floor(micros / 1000);
}

/**
 * io.debezium.time.ZonedTimestamp: ISO-8601 in UTC with the fraction padded to the column's
 * precision (Debezium ≥ 2.2, DBZ-6163), e.g. "2024-05-01T08:30:00.120000Z".
 */
function encodeZonedTimestamp(text: string, precision: number): string {
  // The capture's sessions run in UTC, so the text usually is the UTC wall clock already.
  const utc = UTC_TIMESTAMP.exec(text);
  if (utc) return `${utc[1]}T${utc[2]}${paddedFraction(utc[3], precision)}Z`;
  const parts = parseDateTime(text);
  if (!parts) return text;
  const iso = new Date(parts.epochSeconds * 1000).toISOString().slice(0, 19);
  return `${iso}${paddedFraction(parts.fraction, precision)}Z`;
}

/** A four-digit year (toISOString writes others differently) at offset +00. */
const UTC_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00$/;

const paddedFraction = (fraction: string | undefined, precision: number): string =>
  precision > 0 ? `.${(fraction ?? '').padEnd(6, '0').slice(0, precision)}` : '';

interface DateTimeParts {
  epochSeconds: number;
  fraction: string | undefined;
}

/** "2024-05-01 10:30:00.12+02" or "…+05:30" or no offset (timestamp without time zone). */
function parseDateTime(text: string): DateTimeParts | null {
  const match = /^(\d{4,})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)?$/.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction, sign, oh, om, os] = match;
  const wallSeconds = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) / 1000;
  const offsetSeconds = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om ?? 0) * 60 + Number(os ?? 0)) : 0;
  return { epochSeconds: wallSeconds - offsetSeconds, fraction };
}

function fractionMicros(fraction: string | undefined): number {
  return fraction ? Number(fraction.padEnd(6, '0')) : 0;
}
