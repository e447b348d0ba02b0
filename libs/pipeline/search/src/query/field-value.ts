import type { FieldDefinition } from '../search.port';
import { SearchQueryError } from './search-query.errors';

/** A user-typed value, checked against its field's type and normalised for both engines. */
export type FieldValue =
  | { kind: 'text'; text: string }
  | { kind: 'keyword'; text: string }
  | { kind: 'number'; number: number }
  /** `iso` is a UTC instant; `day` marks a date without time (a field term then matches the whole day). */
  | { kind: 'date'; iso: string; day: boolean }
  | { kind: 'boolean'; value: boolean };

const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;
const HAS_TIME_ZONE = /(Z|[+-]\d{2}(:?\d{2})?)$/;

/** The value of a `field:value` term; null when it holds nothing searchable (punctuation only). */
export function parseFieldValue(field: FieldDefinition, raw: string): FieldValue | null {
  if (field.type === 'text') return /[\p{L}\p{N}]/u.test(raw) ? { kind: 'text', text: raw } : null;
  if (raw === '') throw new SearchQueryError('invalid_value', `"${field.path}:" needs a value.`, field.path);
  switch (field.type) {
    case 'keyword':
      return { kind: 'keyword', text: raw };
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw invalid(field, raw, 'true or false');
      return { kind: 'boolean', value: raw === 'true' };
    case 'date':
      return parseDate(field, raw);
    default:
      return parseNumber(field, raw);
  }
}

/** A range bound on a date or number field (dates without time mean midnight UTC). */
export function parseBound(field: FieldDefinition, bound: string | number | undefined): FieldValue | undefined {
  if (bound === undefined) return undefined;
  if (field.type === 'date') return parseDate(field, String(bound));
  return parseNumber(field, String(bound));
}

/** ISO 8601 instant in UTC, or null when `raw` is not an ISO date (used to check documents too). */
export function normaliseIsoDate(raw: string): string | null {
  if (!ISO_DATE.test(raw) && !ISO_DATE_TIME.test(raw)) return null;
  // JavaScript reads a date-time without zone as local time; the index reads it as UTC.
  const utc = ISO_DATE_TIME.test(raw) && !HAS_TIME_ZONE.test(raw) ? `${raw.replace(' ', 'T')}Z` : raw.replace(' ', 'T');
  const time = Date.parse(utc);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

export function isNumeric(raw: unknown): boolean {
  if (typeof raw === 'number') return Number.isFinite(raw);
  return typeof raw === 'string' && NUMBER.test(raw) && Number.isFinite(Number(raw));
}

function parseDate(field: FieldDefinition, raw: string): FieldValue {
  const iso = normaliseIsoDate(raw);
  if (!iso) throw invalid(field, raw, 'a date like 2025-03-01 or 2025-03-01T09:30:00Z');
  return { kind: 'date', iso, day: ISO_DATE.test(raw) };
}

function parseNumber(field: FieldDefinition, raw: string): FieldValue {
  if (!isNumeric(raw)) throw invalid(field, raw, 'a number');
  const number = Number(raw);
  if (field.type === 'integer' && !Number.isInteger(number)) throw invalid(field, raw, 'a whole number');
  return { kind: 'number', number };
}

function invalid(field: FieldDefinition, raw: string, expected: string): SearchQueryError {
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  return new SearchQueryError('invalid_value', `"${field.path}" expects ${expected}, not "${shown}".`, field.path);
}
