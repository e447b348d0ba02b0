import { UNAVAILABLE_VALUE, type CapturedTable, type Row } from '@dsm/contracts';

type Encoding = 'date' | 'decimal' | 'json';

/**
 * Columns whose Debezium encoding differs from their typed value (connectors/README.md):
 * date → days since epoch, numeric → string (decimal.handling.mode=string), jsonb → JSON text.
 * Timestamps already arrive as ISO-8601 strings and bigints as JSON numbers.
 */
const ENCODED_COLUMNS: Partial<Record<CapturedTable, Record<string, Encoding>>> = {
  products: { price: 'decimal' },
  orders: { order_date: 'date' },
  invoices: { amount: 'decimal', due_date: 'date' },
  outbox: { payload: 'json' },
};

const DAY_MS = 86_400_000;

export class DecodeError extends Error {}

/** Debezium's days-since-epoch → 'YYYY-MM-DD'. */
export function decodeDate(value: unknown): string {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new DecodeError(`expected days since epoch, got ${JSON.stringify(value)}`);
  return new Date(value * DAY_MS).toISOString().slice(0, 10);
}

export function decodeDecimal(value: unknown): number {
  const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : typeof value === 'number' ? value : NaN;
  if (!Number.isFinite(parsed)) throw new DecodeError(`expected a decimal string, got ${JSON.stringify(value)}`);
  return parsed;
}

export function decodeJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new DecodeError(`expected JSON text, got ${value.slice(0, 40)}`);
  }
}

const DECODERS: Record<Encoding, (value: unknown) => unknown> = { date: decodeDate, decimal: decodeDecimal, json: decodeJson };

/**
 * Typed row from a Debezium row image. An unchanged TOASTed column (placeholder) takes its value
 * from `fallback` (the before image, complete under REPLICA IDENTITY FULL); without one the record
 * cannot be trusted and is rejected.
 */
export function decodeRow(table: string, row: Row, fallback: Row | null = null): Row {
  const encodings = ENCODED_COLUMNS[table as CapturedTable] ?? {};
  const decoded: Row = {};
  for (const [column, raw] of Object.entries(row)) {
    let value = raw;
    if (value === UNAVAILABLE_VALUE) {
      if (!fallback || fallback[column] === UNAVAILABLE_VALUE || !(column in fallback)) throw new DecodeError(`column ${column} is unavailable (TOAST) and has no before image`);
      value = fallback[column];
    }
    const encoding = encodings[column];
    decoded[column] = value === null || value === undefined || !encoding ? value : DECODERS[encoding](value);
  }
  if (decoded['id'] === undefined || decoded['id'] === null) throw new DecodeError(`row of ${table} has no id`);
  return decoded;
}
